// The outbound policy refuses loopback by default; tests whose fake third parties (receivers, fake
// upstreams, s3rver) listen on 127.0.0.1 allowlist loopback explicitly, as an operator would.
import { reloadEnv } from "../env";

export const LOOPBACK_ALLOWLIST = "127.0.0.0/8,::1,localhost";

/** Sets TOLLGATE_OUTBOUND_ALLOW (loopback by default) for this test file's process and its children. */
export function allowOutbound(value = LOOPBACK_ALLOWLIST): void {
  process.env.TOLLGATE_OUTBOUND_ALLOW = value;
  reloadEnv();
}
