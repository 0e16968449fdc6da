// Spend per key in USD micro-dollars: lifetime and in the current UTC day / week / month, split into
// credits and BYOK. Computed from metered usage, never stored twice. The gateway meters usage
// (a later issue); until it does, nothing has been spent and every figure is zero.
import { windowStart } from "../../time/windows";

export type KeyUsage = {
  usage: bigint; daily: bigint; weekly: bigint; monthly: bigint;
  byok: bigint; byokDaily: bigint; byokWeekly: bigint; byokMonthly: bigint;
};

export const ZERO_USAGE: KeyUsage = { usage: 0n, daily: 0n, weekly: 0n, monthly: 0n, byok: 0n, byokDaily: 0n, byokWeekly: 0n, byokMonthly: 0n };

export async function getKeyUsage(keyIds: string[], now = new Date()): Promise<Map<string, KeyUsage>> {
  // Window starts are what the metered query will filter on.
  void [windowStart("daily", now), windowStart("weekly", now), windowStart("monthly", now)];
  return new Map(keyIds.map((id) => [id, ZERO_USAGE]));
}

/** Spend that counts against the key's own limit, in the limit's window (lifetime without a reset). */
export function usageAgainstLimit(
  usage: KeyUsage,
  key: { limitReset: "DAILY" | "WEEKLY" | "MONTHLY" | null; includeByokInLimit: boolean },
): bigint {
  const [credits, byok] =
    key.limitReset === "DAILY" ? [usage.daily, usage.byokDaily]
    : key.limitReset === "WEEKLY" ? [usage.weekly, usage.byokWeekly]
    : key.limitReset === "MONTHLY" ? [usage.monthly, usage.byokMonthly]
    : [usage.usage, usage.byok];
  return credits + (key.includeByokInLimit ? byok : 0n);
}
