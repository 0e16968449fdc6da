// The sign-in throttle, shared by every app instance (attempts live in sign_in_attempts). Never a
// hard lock of an account, which an attacker could use to lock its owner out: after
// SIGN_IN_MAX_FAILURES failures for one email from one address, each further attempt for that pair
// waits 2^(n - max) seconds after the last failure; after SIGN_IN_ADDRESS_MAX_FAILURES failures from
// one address (any emails: a password spray), every attempt from it waits the same way; after as many
// failures for one email from any addresses (a guess spread over many), each address that has failed
// for it waits too. Delays are capped at, and failures forgotten after, SIGN_IN_LOCKOUT_MINUTES. A
// success for an email resets its counts (not the address's: an attacker's own account must not reset
// a spray). So the owner signing in from an address that has not failed is never delayed.
import { db } from "../../db";
import { env } from "../../env";
import { rateLimited } from "../../api/errors";

/** Seconds to wait after `failures` (newest first) when `threshold` were free; 0 when none. */
function delayAfter(failures: { createdAt: Date }[], threshold: number, capSeconds: number, now: number): number {
  if (failures.length < threshold) return 0;
  const delay = Math.min(2 ** (failures.length - threshold), capSeconds);
  return Math.max(0, Math.ceil((failures[0].createdAt.getTime() + delay * 1000 - now) / 1000));
}

export function signInDelayCapSeconds(): number {
  return env().SIGN_IN_LOCKOUT_MINUTES * 60;
}

/** Refuses (429, Retry-After) an attempt for `email` from `ip` that must still wait. */
export async function assertSignInAllowed({ email, ip }: { email: string; ip: string | null }): Promise<void> {
  const { SIGN_IN_MAX_FAILURES, SIGN_IN_ADDRESS_MAX_FAILURES } = env();
  const cap = signInDelayCapSeconds();
  const now = Date.now();
  const windowStart = new Date(now - cap * 1000);
  const client = await db();
  // Enough rows to reach the cap: 2^k >= cap after k failures beyond the free ones.
  const enough = Math.ceil(Math.log2(cap)) + 1;

  const lastSuccess = await client.signInAttempt.findFirst({
    where: { email, succeeded: true, createdAt: { gte: windowStart } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const since = lastSuccess && lastSuccess.createdAt > windowStart ? lastSuccess.createdAt : windowStart;
  const [pair, address, account] = await Promise.all([
    client.signInAttempt.findMany({
      where: { email, ip, succeeded: false, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
      take: SIGN_IN_MAX_FAILURES + enough,
    }),
    // Without a known address (next dev) there is no address to slow, only the email's pair.
    ip === null
      ? Promise.resolve([])
      : client.signInAttempt.findMany({
          where: { ip, succeeded: false, createdAt: { gt: windowStart } },
          orderBy: { createdAt: "desc" },
          select: { createdAt: true },
          take: SIGN_IN_ADDRESS_MAX_FAILURES + enough,
        }),
    client.signInAttempt.findMany({
      where: { email, succeeded: false, createdAt: { gt: since } },
      orderBy: { createdAt: "desc" },
      select: { createdAt: true },
      take: SIGN_IN_ADDRESS_MAX_FAILURES + enough,
    }),
  ]);
  const wait = Math.max(
    delayAfter(pair, SIGN_IN_MAX_FAILURES, cap, now),
    delayAfter(address, SIGN_IN_ADDRESS_MAX_FAILURES, cap, now),
    // The email's own count slows only addresses that have failed for it.
    pair.length > 0 ? delayAfter(account, SIGN_IN_ADDRESS_MAX_FAILURES, cap, now) : 0,
  );
  if (wait > 0) throw rateLimited(`Too many failed sign-in attempts. Try again in ${describeWait(wait)}.`, wait);
}

function describeWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
