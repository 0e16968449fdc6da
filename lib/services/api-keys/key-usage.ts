// Spend per key in USD micro-dollars: lifetime and in the current UTC day / week / month, split into
// credits and BYOK. Computed from the metered generations (plus those still queued in this
// process), never stored twice.
import { db } from "../../db";
import { pendingKeyRecords } from "../../metering/queue";
import { windowStart } from "../../time/windows";

export type KeyUsage = {
  usage: bigint; daily: bigint; weekly: bigint; monthly: bigint;
  byok: bigint; byokDaily: bigint; byokWeekly: bigint; byokMonthly: bigint;
};

export const ZERO_USAGE: KeyUsage = { usage: 0n, daily: 0n, weekly: 0n, monthly: 0n, byok: 0n, byokDaily: 0n, byokWeekly: 0n, byokMonthly: 0n };

type Row = { api_key_id: string; usage: bigint | null; daily: bigint | null; weekly: bigint | null; monthly: bigint | null; byok: bigint | null; byok_daily: bigint | null; byok_weekly: bigint | null; byok_monthly: bigint | null };

export async function getKeyUsage(keyIds: string[], now = new Date()): Promise<Map<string, KeyUsage>> {
  const result = new Map<string, KeyUsage>(keyIds.map((id) => [id, { ...ZERO_USAGE }]));
  if (keyIds.length === 0) return result;
  const day = windowStart("daily", now);
  const week = windowStart("weekly", now);
  const month = windowStart("monthly", now);
  const rows = await (await db()).$queryRaw<Row[]>`
    SELECT api_key_id,
      SUM(cost_micros) FILTER (WHERE NOT is_byok) AS usage,
      SUM(cost_micros) FILTER (WHERE NOT is_byok AND created_at >= ${day}) AS daily,
      SUM(cost_micros) FILTER (WHERE NOT is_byok AND created_at >= ${week}) AS weekly,
      SUM(cost_micros) FILTER (WHERE NOT is_byok AND created_at >= ${month}) AS monthly,
      SUM(upstream_cost_micros) FILTER (WHERE is_byok) AS byok,
      SUM(upstream_cost_micros) FILTER (WHERE is_byok AND created_at >= ${day}) AS byok_daily,
      SUM(upstream_cost_micros) FILTER (WHERE is_byok AND created_at >= ${week}) AS byok_weekly,
      SUM(upstream_cost_micros) FILTER (WHERE is_byok AND created_at >= ${month}) AS byok_monthly
    FROM generations WHERE api_key_id = ANY(${keyIds}) GROUP BY api_key_id`;
  const n = (v: bigint | number | string | null) => BigInt(v ?? 0);
  for (const r of rows) {
    result.set(r.api_key_id, {
      usage: n(r.usage), daily: n(r.daily), weekly: n(r.weekly), monthly: n(r.monthly),
      byok: n(r.byok), byokDaily: n(r.byok_daily), byokWeekly: n(r.byok_weekly), byokMonthly: n(r.byok_monthly),
    });
  }
  for (const id of keyIds) {
    const u = result.get(id)!;
    for (const g of pendingKeyRecords(id)) {
      const amount = g.isByok ? BigInt((g.upstreamCostMicros as bigint | number | undefined) ?? 0) : g.costMicros;
      const inDay = g.createdAt >= day, inWeek = g.createdAt >= week, inMonth = g.createdAt >= month;
      if (g.isByok) {
        u.byok += amount; if (inDay) u.byokDaily += amount; if (inWeek) u.byokWeekly += amount; if (inMonth) u.byokMonthly += amount;
      } else {
        u.usage += amount; if (inDay) u.daily += amount; if (inWeek) u.weekly += amount; if (inMonth) u.monthly += amount;
      }
    }
  }
  return result;
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
