// The built-in Sandbox provider: an OpenAI-compatible echo server started inside the app on a
// loopback port the first time it is needed, so a first call works without internet. The gateway
// reaches it over real HTTP like any provider. SANDBOX_LATENCY_MS adds a fixed delay.
import { createUpstreamServer } from "./sandbox-upstream";

const g = globalThis as unknown as { __tollgateSandbox?: Promise<{ url: string; close: () => Promise<void> }> };

export function sandboxBaseUrl(): Promise<string> {
  g.__tollgateSandbox ??= (async () => {
    const upstream = createUpstreamServer({ latencyMs: Number(process.env.SANDBOX_LATENCY_MS ?? 0) });
    upstream.server.unref();
    return { url: await upstream.listen(0), close: upstream.close };
  })();
  return g.__tollgateSandbox.then((s) => s.url);
}

export async function stopSandbox(): Promise<void> {
  const s = g.__tollgateSandbox;
  g.__tollgateSandbox = undefined;
  if (s) await (await s).close();
}
