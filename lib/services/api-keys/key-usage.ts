// Spend per key in USD micro-dollars: lifetime and in the current UTC day / week / month, split into
// credits and BYOK. THE one source of key spend (the Keys page, GET /keys, the key's limit counter
// when it is seeded, the effective-policy view): the daily usage rollups of the key's spend line
// (every key of its rotation chain) plus what is still queued in this process's metering, never
// stored twice and never a scan of generations.
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import { pendingKeyRecords } from "../../metering/queue";
import { windowStart } from "../../time/windows";

export type KeyUsage = {
  usage: bigint; daily: bigint; weekly: bigint; monthly: bigint;
  byok: bigint; byokDaily: bigint; byokWeekly: bigint; byokMonthly: bigint;
};

export const ZERO_USAGE: KeyUsage = { usage: 0n, daily: 0n, weekly: 0n, monthly: 0n, byok: 0n, byokDaily: 0n, byokWeekly: 0n, byokMonthly: 0n };

type Row = { api_key_id: string; usage: bigint | null; daily: bigint | null; weekly: bigint | null; monthly: bigint | null; byok: bigint | null; byok_daily: bigint | null; byok_weekly: bigint | null; byok_monthly: bigint | null };

/** The spend line a key counts on: the first key of its rotation chain. */
export const spendLineOf = (key: { id: string; spendLineId: string | null }) => key.spendLineId ?? key.id;

function add(a: KeyUsage, b: KeyUsage): KeyUsage {
  return Object.fromEntries(Object.keys(a).map((k) => [k, a[k as keyof KeyUsage] + b[k as keyof KeyUsage]])) as KeyUsage;
}

export async function getKeyUsage(keyIds: string[], now = new Date()): Promise<Map<string, KeyUsage>> {
  const result = new Map<string, KeyUsage>(keyIds.map((id) => [id, { ...ZERO_USAGE }]));
  if (keyIds.length === 0) return result;
  const client = await db();
  const asked = await client.apiKey.findMany({ where: { id: { in: keyIds } }, select: { id: true, spendLineId: true } });
  const lineOfAsked = new Map(asked.map((k) => [k.id, spendLineOf(k)]));
  const lines = [...new Set(lineOfAsked.values())];
  if (!lines.length) return result;
  // Every key on those lines (a rotation's predecessors and successors), and the line ids themselves
  // (a chain's first key may be deleted; its rollups still carry its id).
  const members = await client.apiKey.findMany({ where: { OR: [{ id: { in: lines } }, { spendLineId: { in: lines } }] }, select: { id: true, spendLineId: true } });
  const lineOf = new Map<string, string>(lines.map((l) => [l, l]));
  for (const m of members) lineOf.set(m.id, spendLineOf(m));
  const ids = [...lineOf.keys()];

  const day = windowStart("daily", now);
  const week = windowStart("weekly", now);
  const month = windowStart("monthly", now);
  // Daily rollups: every window starts at a UTC midnight. cost_micros is what the credit pool paid
  // (0 for BYOK requests); byok_cost_micros the upstream cost of BYOK requests.
  const rows = await client.$queryRaw<Row[]>`
    SELECT api_key_id,
      SUM(cost_micros) AS usage,
      SUM(cost_micros) FILTER (WHERE bucket_start >= ${day}) AS daily,
      SUM(cost_micros) FILTER (WHERE bucket_start >= ${week}) AS weekly,
      SUM(cost_micros) FILTER (WHERE bucket_start >= ${month}) AS monthly,
      SUM(byok_cost_micros) AS byok,
      SUM(byok_cost_micros) FILTER (WHERE bucket_start >= ${day}) AS byok_daily,
      SUM(byok_cost_micros) FILTER (WHERE bucket_start >= ${week}) AS byok_weekly,
      SUM(byok_cost_micros) FILTER (WHERE bucket_start >= ${month}) AS byok_monthly
    FROM usage_rollups WHERE api_key_id IN (${Prisma.join(ids)}) AND granularity = 'd' GROUP BY api_key_id`;
  const n = (v: bigint | number | string | null) => BigInt(v ?? 0);
  const perLine = new Map<string, KeyUsage>(lines.map((l) => [l, { ...ZERO_USAGE }]));
  const addTo = (keyId: string, u: KeyUsage) => {
    const line = lineOf.get(keyId)!;
    perLine.set(line, add(perLine.get(line)!, u));
  };
  for (const r of rows) {
    addTo(r.api_key_id, {
      usage: n(r.usage), daily: n(r.daily), weekly: n(r.weekly), monthly: n(r.monthly),
      byok: n(r.byok), byokDaily: n(r.byok_daily), byokWeekly: n(r.byok_weekly), byokMonthly: n(r.byok_monthly),
    });
  }
  for (const id of ids) {
    const u = { ...ZERO_USAGE };
    for (const g of pendingKeyRecords(id)) {
      const amount = g.isByok ? BigInt((g.upstreamCostMicros as bigint | number | undefined) ?? 0) : g.costMicros;
      const inDay = g.createdAt >= day, inWeek = g.createdAt >= week, inMonth = g.createdAt >= month;
      if (g.isByok) {
        u.byok += amount; if (inDay) u.byokDaily += amount; if (inWeek) u.byokWeekly += amount; if (inMonth) u.byokMonthly += amount;
      } else {
        u.usage += amount; if (inDay) u.daily += amount; if (inWeek) u.weekly += amount; if (inMonth) u.monthly += amount;
      }
    }
    addTo(id, u);
  }
  for (const [id, line] of lineOfAsked) result.set(id, { ...perLine.get(line)! });
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
