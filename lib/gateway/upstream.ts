// Calls an OpenAI-compatible provider over HTTP, with a timeout and the client's cancellation.
import { decryptSecret } from "../crypto/secret-box";
import type { CatalogEndpoint } from "./catalog";
import { sandboxBaseUrl } from "./sandbox";

// OpenRouter-specific request fields that providers do not understand.
const GATEWAY_ONLY_FIELDS = ["models", "provider", "route", "transforms", "usage", "session_id", "plugins", "trace", "debug", "metadata"];

export async function providerBaseUrl(endpoint: CatalogEndpoint): Promise<string> {
  return endpoint.provider.baseUrl === "sandbox:" ? sandboxBaseUrl() : endpoint.provider.baseUrl.replace(/\/$/, "");
}

export function instanceProviderKey(endpoint: CatalogEndpoint): string | null {
  const stored = endpoint.provider.apiKeyCiphertext;
  return stored ? decryptSecret(stored, `provider:${endpoint.provider.slug}`) : null;
}

export function upstreamBody(body: Record<string, unknown>, endpoint: CatalogEndpoint, stream: boolean): string {
  const out: Record<string, unknown> = { ...body, model: endpoint.upstreamModel, stream };
  for (const f of GATEWAY_ONLY_FIELDS) delete out[f];
  if (stream) out.stream_options = { include_usage: true };
  else delete out.stream_options;
  return JSON.stringify(out);
}

export class UpstreamTimeoutError extends Error {}

/** POST …/chat/completions; resolves when the response headers arrive. */
export async function callUpstream(
  endpoint: CatalogEndpoint,
  { body, apiKey, signal, stream }: { body: Record<string, unknown>; apiKey: string | null; signal: AbortSignal; stream: boolean },
): Promise<Response> {
  const timeout = AbortSignal.timeout(endpoint.provider.timeoutMs);
  const combined = AbortSignal.any([signal, timeout]);
  try {
    return await fetch(`${await providerBaseUrl(endpoint)}/chat/completions`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: stream ? "text/event-stream" : "application/json",
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      },
      body: upstreamBody(body, endpoint, stream),
      signal: combined,
    });
  } catch (error) {
    if (timeout.aborted && !signal.aborted) throw new UpstreamTimeoutError(`${endpoint.provider.name} did not answer within ${endpoint.provider.timeoutMs} ms`);
    throw error;
  }
}
