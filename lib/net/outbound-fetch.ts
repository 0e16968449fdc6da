// An HTTP request to a user-given URL under the outbound policy: each hop's host resolved and checked,
// the socket pinned to the checked addresses, redirects followed by hand (at most 5, each re-checked),
// credentials dropped when a redirect leaves the origin, the answer read up to 64 KB. Sockets are
// pooled by Node's keep-alive agent: a reused one is connected to an address checked when it was
// opened (one connection per send made deliveries slow enough under load to outlive their lease).
import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { assertOutboundUrl, effectivePort, policyLookup } from "./outbound-policy";

export const MAX_REDIRECTS = 5;
const MAX_BODY_BYTES = 64 * 1024;
// Headers that still go along when a redirect leads to another origin (everything else may be a credential).
const CROSS_ORIGIN_HEADERS = new Set(["content-type", "accept", "user-agent", "x-tollgate-timestamp", "x-tollgate-signature"]);

export type OutboundFetchInit = { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal };
export type OutboundFetchResponse = { status: number; ok: boolean; url: string; text: string };

export class TooManyRedirectsError extends Error {}

export async function outboundFetch(url: string, init: OutboundFetchInit): Promise<OutboundFetchResponse> {
  let current = new URL(url);
  let { method, headers, body } = init;
  for (let hop = 0; ; hop++) {
    if (current.protocol !== "http:" && current.protocol !== "https:") throw new TypeError(`Only http and https URLs can be called (got ${current.protocol}).`);
    const { addresses } = await assertOutboundUrl(current);
    init.signal.throwIfAborted();
    const res = await send(current, { method, headers, body, signal: init.signal }, policyLookup(effectivePort(current), addresses));
    const location = res.headers.location;
    if (res.statusCode && [301, 302, 303, 307, 308].includes(res.statusCode) && location) {
      res.resume();
      if (hop >= MAX_REDIRECTS) throw new TooManyRedirectsError(`More than ${MAX_REDIRECTS} redirects.`);
      const next = new URL(location, current);
      if (next.origin !== current.origin) headers = Object.fromEntries(Object.entries(headers).filter(([k]) => CROSS_ORIGIN_HEADERS.has(k.toLowerCase())));
      // As fetch does: 303, and 301/302 after a POST, continue as a GET without a body.
      if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
        headers = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== "content-type"));
      }
      current = next;
      continue;
    }
    const status = res.statusCode ?? 0;
    return { status, ok: status >= 200 && status < 300, url: current.toString(), text: await readLimited(res) };
  }
}

function send(url: URL, init: OutboundFetchInit, lookup: ReturnType<typeof policyLookup>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = (url.protocol === "https:" ? https : http).request(url, {
      method: init.method,
      headers: { ...init.headers, ...(init.body !== undefined ? { "content-length": Buffer.byteLength(init.body) } : {}) },
      lookup,
      signal: init.signal,
    });
    req.on("error", reject);
    req.on("response", resolve);
    req.end(init.body);
  });
}

async function readLimited(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= MAX_BODY_BYTES) {
      res.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString("utf8");
}
