// The transport to providers: one HTTP request built by the provider's adapter (providers/<format>/),
// on keep-alive agents, with the client's cancellation and a timeout on the time to the first byte
// and on every gap between two chunks of the answer, never on the whole answer (a long reasoning
// stream that keeps sending lives as long as it sends).
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP } from "node:net";
import { decryptSecret } from "../crypto/secret-box";
import { effectivePort, OutboundRefusedError, policyLookup, resolveAllowed } from "../net/outbound-policy";
import type { CatalogEndpoint } from "./catalog";
import type { UpstreamRequest } from "./providers/types";
import { sandboxBaseUrl } from "./sandbox";

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

export class UpstreamTimeoutError extends Error {}

/** What the gateway reads of a provider's answer: the subset of fetch's Response it uses. */
export type UpstreamResponse = {
  status: number;
  ok: boolean;
  headers: Record<string, string | string[] | undefined>;
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

/** Sends the adapter's request; resolves when the response headers arrive. */
export async function callUpstream(
  endpoint: CatalogEndpoint,
  { request, signal }: { request: UpstreamRequest; signal: AbortSignal },
): Promise<UpstreamResponse> {
  const url = new URL(request.url);
  const payload = request.body;
  const timeoutMs = endpoint.provider.timeoutMs;
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
    const expire = () => {
      timedOut = true;
      end(new DOMException(`${endpoint.provider.name} sent nothing for ${timeoutMs} ms`, "TimeoutError"));
    };
    let timer = setTimeout(expire, timeoutMs);
    // Every chunk of the answer restarts the clock: the timeout is on silence, not on length.
    const alive = () => {
      clearTimeout(timer);
      timer = setTimeout(expire, timeoutMs);
    };
    const settle = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    const req = (url.protocol === "https:" ? https : http).request(url, {
      method: "POST",
      headers: { "user-agent": "node", ...request.headers, "content-length": Buffer.byteLength(payload) },
      ...(isSandbox ? {} : { lookup: policyLookup(port) }),
    });
    req.on("error", (error) => {
      settle();
      if (timedOut && !signal.aborted) reject(new UpstreamTimeoutError(`${endpoint.provider.name} did not answer within ${timeoutMs} ms`));
      else if (signal.aborted) reject(signal.reason);
      else if (error instanceof OutboundRefusedError) reject(error);
      else reject(new TypeError(FETCH_FAILED, { cause: error }));
    });
    req.on("response", (res) => {
      response = res;
      alive();
      res.on("close", settle);
      resolve(upstreamResponse(res, alive));
    });
    req.end(payload);
  });
}

/** `alive`: called on every chunk read (a 'data' listener would put the stream in flowing mode and lose it). */
function upstreamResponse(res: IncomingMessage, alive: () => void): UpstreamResponse {
  const status = res.statusCode ?? 0;
  const text = async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of res) {
      alive();
      chunks.push(chunk as Buffer);
    }
    const decoded = Buffer.concat(chunks).toString("utf8");
    return decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded; // as fetch's text(): no BOM
  };
  let iterator: AsyncIterator<Buffer> | null = null;
  return {
    status,
    ok: status >= 200 && status < 300,
    headers: res.headers,
    text,
    json: async () => JSON.parse(await text()),
    get body() {
      iterator ??= res[Symbol.asyncIterator]();
      const it = iterator;
      return new ReadableStream<Uint8Array>({
        async pull(controller) {
          const { value, done } = await it.next();
          if (done) controller.close();
          else {
            alive();
            controller.enqueue(value);
          }
        },
        cancel() {
          res.destroy();
        },
      });
    },
  };
}
