// The client's address, for the sign-in throttle and the sessions list. X-Forwarded-For is read only
// when TOLLGATE_TRUST_PROXY is set (its last entry: the address the proxy in front of Tollgate saw);
// anyone can send that header, so without a proxy it would let an attacker pick their address.
// Otherwise the socket's address, which scripts/serve.mjs (npm start) puts in CLIENT_ADDRESS_HEADER
// after dropping any such header the client sent. Under `next dev` there is no socket address (null).
import { env } from "../env";

export const CLIENT_ADDRESS_HEADER = "x-tollgate-client-address";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  const v = headers[name];
  return Array.isArray(v) ? (v.at(-1) ?? null) : (v ?? null);
}

export function clientAddress(headers: HeaderSource): string | null {
  if (env().TOLLGATE_TRUST_PROXY) {
    const forwarded = header(headers, "x-forwarded-for")?.split(",").map((s) => s.trim()).filter(Boolean).at(-1);
    if (forwarded) return forwarded;
  }
  const g = globalThis as { __tollgateSocketAddressHeader?: boolean };
  return g.__tollgateSocketAddressHeader ? header(headers, CLIENT_ADDRESS_HEADER) || null : null;
}
