import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { CatalogEndpoint } from "./catalog";
import { createUpstreamServer } from "./sandbox-upstream";
import { encryptSecret } from "../crypto/secret-box";
import { reloadEnv } from "../env";
import { callUpstream, instanceProviderKey, UpstreamTimeoutError } from "./upstream";
import { openaiAdapter } from "./providers/openai";
import type { UpstreamRequest } from "./providers/types";

const upstream = createUpstreamServer();
let baseUrl = "";

const endpoint = (overrides: { baseUrl?: string; timeoutMs?: number } = {}): CatalogEndpoint => ({
  id: "ep", modelSlug: "test/echo", upstreamModel: "echo", promptPriceMicros: 0n, completionPriceMicros: 0n, cachedPriceMicros: null, cacheWritePriceMicros: null, supportedParameters: null,
  contextLength: 8192, maxCompletionTokens: null, supportsTools: true, enabled: true,
  provider: { id: "p", slug: "test", name: "Test", baseUrl: overrides.baseUrl ?? baseUrl, apiKeyCiphertext: null, enabled: true, retainsData: false, trainsOnData: false, isSandbox: false, timeoutMs: overrides.timeoutMs ?? 5_000, apiFormat: "openai", config: {} },
});
const body = (extra: Record<string, unknown> = {}) => ({ model: "test/echo", messages: [{ role: "user", content: "hello there" }], provider: { sort: "price" }, ...extra });
const call = (opts: { stream?: boolean; signal?: AbortSignal; apiKey?: string | null; ep?: CatalogEndpoint } = {}) => {
  const ep = opts.ep ?? endpoint();
  const request = openaiAdapter.buildRequest({ body: body() as never, endpoint: ep, baseUrl: ep.provider.baseUrl, apiKey: opts.apiKey ?? null, stream: opts.stream ?? false, maxOutputTokens: 100 }) as UpstreamRequest;
  return callUpstream(ep, { request, signal: opts.signal ?? new AbortController().signal });
};
const control = (patch: Record<string, unknown>) => fetch(`${baseUrl.replace(/\/v1$/, "")}/_control`, { method: "POST", body: JSON.stringify(patch) });

beforeAll(async () => {
  // Both secrets set: env() must not create a data folder for them.
  vi.stubEnv("NEXTAUTH_SECRET", "unit-tests-secret-unit-tests-secret-unit");
  vi.stubEnv("TOLLGATE_ENCRYPTION_KEY", "1".repeat(64));
  vi.stubEnv("TOLLGATE_OUTBOUND_ALLOW", "127.0.0.1"); // the fake upstream listens on loopback
  reloadEnv();
  baseUrl = await upstream.listen(0);
});
afterAll(async () => {
  await upstream.close();
  vi.unstubAllEnvs();
  reloadEnv();
});
beforeEach(async () => {
  await control({ reset: true, mode: "ok", latencyMs: 0, slowMs: 2000 });
});

describe("callUpstream", () => {
  it("posts the provider's body (gateway-only fields removed, upstream model, key) and reads a JSON answer", async () => {
    const res = await call({ apiKey: "sk-provider" });
    expect(res.status).toBe(200);
    expect(res.ok).toBe(true);
    const json = (await res.json()) as { choices: { message: { content: string } }[]; usage: { prompt_tokens: number } };
    expect(json.choices[0].message.content).toBe("Echo from the Tollgate Sandbox: hello there");
    expect(upstream.state.lastBody).toEqual({ model: "echo", messages: [{ role: "user", content: "hello there" }], stream: false });
    expect(upstream.state.lastAuthorization).toBe("Bearer sk-provider");
  });

  it("hands back an error status and its body", async () => {
    await control({ mode: "429", remaining: 1 });
    const res = await call();
    expect(res.status).toBe(429);
    expect(res.ok).toBe(false);
    expect(JSON.parse(await res.text())).toEqual({ error: { message: "Rate limited upstream", type: "rate_limit_error" } });
  });

  it("streams SSE, asking for usage", async () => {
    const res = await call({ stream: true });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toContain('"content":"Echo '.slice(0, 12));
    expect(text).toContain('"usage":{');
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(upstream.state.lastBody).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("gives up after the provider's timeout with UpstreamTimeoutError", async () => {
    await control({ mode: "stall", remaining: 1 });
    const started = Date.now();
    const error = await call({ ep: endpoint({ timeoutMs: 300 }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamTimeoutError);
    expect((error as Error).message).toBe("Test did not answer within 300 ms");
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("the caller's cancellation aborts the call (not a timeout), and the provider sees the disconnect", async () => {
    await control({ mode: "stall", remaining: 1 });
    await new Promise((r) => setTimeout(r, 50)); // the previous test's disconnect is counted by now
    const abortedBefore = upstream.state.aborted;
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await call({ signal: controller.signal }).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(UpstreamTimeoutError);
    expect((error as Error).name).toBe("AbortError");
    await new Promise((r) => setTimeout(r, 100));
    expect(upstream.state.aborted).toBe(abortedBefore + 1);
  });

  it("a cancellation during the stream ends the body with an error", async () => {
    await control({ latencyMs: 40 });
    const controller = new AbortController();
    const res = await call({ stream: true, signal: controller.signal });
    const reader = res.body!.getReader();
    await reader.read();
    controller.abort();
    const error = await (async () => {
      for (;;) if ((await reader.read()).done) return null;
    })().catch((e: unknown) => e);
    expect((error as Error).name).toBe("AbortError");
  });

  it("a provider that is down is a connection failure, not a timeout", async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const port = (s.address() as { port: number }).port;
        s.close(() => resolve(port));
      });
    });
    const error = await call({ ep: endpoint({ baseUrl: `http://127.0.0.1:${closed}/v1` }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(UpstreamTimeoutError);
    expect((error as Error).message).toBe("fetch failed");
  });
});

describe("instanceProviderKey", () => {
  it("decrypts the provider's key once per catalog provider object, and again when it changes", async () => {
    const ep = endpoint();
    expect(instanceProviderKey(ep)).toBeNull();
    ep.provider.apiKeyCiphertext = encryptSecret("sk-one", "provider:test");
    expect(instanceProviderKey(ep)).toBe("sk-one");
    expect(instanceProviderKey(ep)).toBe("sk-one");
    ep.provider.apiKeyCiphertext = encryptSecret("sk-two", "provider:test");
    expect(instanceProviderKey(ep)).toBe("sk-two");
    // Bound to the provider: a ciphertext made for another provider does not decrypt.
    const other = endpoint();
    other.provider.slug = "other";
    other.provider.apiKeyCiphertext = ep.provider.apiKeyCiphertext;
    expect(() => instanceProviderKey(other)).toThrow();
  });
});
