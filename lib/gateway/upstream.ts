// Calls an OpenAI-compatible provider over HTTP, with a timeout and the client's cancellation.
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { decryptSecret } from "../crypto/secret-box";
import { effectivePort, OutboundRefusedError, policyLookup, resolveAllowed } from "../net/outbound-policy";
import type { CatalogEndpoint } from "./catalog";
import { sandboxBaseUrl } from "./sandbox";

// OpenRouter-specific request fields that providers do not understand.
const GATEWAY_ONLY_FIELDS = ["models", "provider", "route", "transforms", "usage", "session_id", "plugins", "trace", "debug", "metadata"];

export async function providerBaseUrl(endpoint: CatalogEndpoint): Promise<string> {
  return endpoint.provider.baseUrl === "sandbox:" ? sandboxBaseUrl() : endpoint.provider.baseUrl.replace(/\/$/, "");
}

// Decrypted once per loaded catalog rather than per request (AES-GCM setup is ~2% of a request's CPU):
// the plaintext lives as long as the catalog's provider object, which a reload or an edit replaces.
const decryptedKeys = new WeakMap<CatalogEndpoint["provider"], { stored: string; key: string }>();

export function instanceProviderKey(endpoint: CatalogEndpoint): string | null {
  const { provider } = endpoint;
  const stored = provider.apiKeyCiphertext;
  if (!stored) return null;
  const cached = decryptedKeys.get(provider);
  if (cached?.stored === stored) return cached.key;
  const key = decryptSecret(stored, `provider:${provider.slug}`);
  decryptedKeys.set(provider, { stored, key });
  return key;
}

export function upstreamBody(body: Record<string, unknown>, endpoint: CatalogEndpoint, stream: boolean): string {
  const out: Record<string, unknown> = { ...body, model: endpoint.upstreamModel, stream };
  for (const f of GATEWAY_ONLY_FIELDS) delete out[f];
  if (stream) out.stream_options = { include_usage: true };
  else delete out.stream_options;
  return JSON.stringify(out);
}

export class UpstreamTimeoutError extends Error {}

/** What the gateway reads of a provider's answer: the subset of fetch's Response it uses. */
export type UpstreamResponse = {
  status: number;
  ok: boolean;
  text(): Promise<string>;
  json(): Promise<unknown>;
  body: ReadableStream<Uint8Array>;
};

// Node's http(s).request on its keep-alive global agents rather than fetch: on the request path fetch
// (WHATWG streams, Response, AbortSignal.any + AbortSignal.timeout per call) cost ~0.6-0.9 ms of CPU
// per call against ~0.2 ms for this, measured with npm run bench:gateway's fake upstream. What the
// caller sees is kept as with fetch: the same errors, abort reasons and a body that the timeout and
// the caller's cancellation still end while it is being read.
const FETCH_FAILED = "fetch failed"; // fetch's message for a connection failure, kept for the attempt log

/** POST …/chat/completions; resolves when the response headers arrive. */
export async function callUpstream(
  endpoint: CatalogEndpoint,
  { body, apiKey, signal, stream }: { body: Record<string, unknown>; apiKey: string | null; signal: AbortSignal; stream: boolean },
): Promise<UpstreamResponse> {
  const url = new URL(`${await providerBaseUrl(endpoint)}/chat/completions`);
  const payload = upstreamBody(body, endpoint, stream);
  // The outbound policy (a custom base URL is the instance admin's input; Sandbox, built in, is exempt):
  // an address is checked here (no lookup happens for it), a host name in the lookup hook of each new socket.
  const isSandbox = endpoint.provider.baseUrl === "sandbox:";
  const port = effectivePort(url);
  if (!isSandbox && isIP(url.hostname.replace(/^\[|\]$/g, ""))) await resolveAllowed(url.hostname, port);
  signal.throwIfAborted();
  return new Promise<UpstreamResponse>((resolve, reject) => {
    let response: IncomingMessage | null = null;
    let timedOut = false;
    const end = (reason: unknown) => {
      if (response) response.destroy(reason as Error);
      else req.destroy(reason as Error);
    };
    const onAbort = () => end(signal.reason);
    const timer = setTimeout(() => {
      timedOut = true;
      end(new DOMException("The operation was aborted due to timeout", "TimeoutError"));
    }, endpoint.provider.timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const req = (url.protocol === "https:" ? https : http).request(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: stream ? "text/event-stream" : "application/json",
        "content-length": Buffer.byteLength(payload),
        "user-agent": "node", // what fetch sent
        ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
      },
      ...(isSandbox ? {} : { lookup: policyLookup(port) }),
    });
    req.on("error", (error) => {
      settle();
      if (timedOut && !signal.aborted) reject(new UpstreamTimeoutError(`${endpoint.provider.name} did not answer within ${endpoint.provider.timeoutMs} ms`));
      else if (signal.aborted) reject(signal.reason);
      else if (error instanceof OutboundRefusedError) reject(error);
      else reject(new TypeError(FETCH_FAILED, { cause: error }));
    });
    req.on("response", (res) => {
      response = res;
      res.on("close", settle);
      resolve(upstreamResponse(res));
    });
    req.end(payload);
  });
}

function upstreamResponse(res: IncomingMessage): UpstreamResponse {
  const status = res.statusCode ?? 0;
  const text = async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const decoded = Buffer.concat(chunks).toString("utf8");
    return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded; // as fetch's text(): no BOM
  };
  let iterator: AsyncIterator<Buffer> | null = null;
  return {
    status,
    ok: status >= 200 && status < 300,
    text,
    json: async () => JSON.parse(await text()),
    get body() {
      iterator ??= res[Symbol.asyncIterator]();
      const it = iterator;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await it.next();
          if (done) controller.close();
          else controller.enqueue(value);
        },
        cancel() {
          res.destroy();
        },
      });
    },
  };
}
