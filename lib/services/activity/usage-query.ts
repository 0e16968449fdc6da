// Reading usage_rollups: the shared query of the Activity page, the overview, GET /activity and the
// exports, scoped to the caller (Members see the usage of their own keys only), plus display labels
// for group keys (key names, member names, provider names).
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import { can } from "../../authz/permissions";
import { NONE } from "../../activity/rollups";
import type { ActivityWindow, GroupBy, UsageCell } from "../../charts/activity.prepare";
import type { Ctx } from "../context";

export const GROUP_COLUMN: Record<GroupBy, string> = {
  model: "model",
  api_key: "api_key_id",
  creator: "creator_id",
  user: "end_user",
  provider: "provider_slug",
};

export type UsageFilters = Partial<Record<GroupBy, string>>;

/** Whose usage the caller may see: the whole account, or (Members) the keys they created. */
export type UsageScope = { accountId: string; creatorId: string | null };

export function usageScope(ctx: Ctx): UsageScope {
  if (can(ctx.role, "activity.read_all")) return { accountId: ctx.account.id, creatorId: null };
  // A person without activity.read_all sees what their own keys did. Without a user behind the caller
  // that is nothing: "(nobody)" is no user id and no rollup's creator ('' stands for "no creator"),
  // and unlike a NUL character it is a text PostgreSQL takes, as a parameter or as a COPY literal.
  return { accountId: ctx.account.id, creatorId: ctx.actorUserId ?? "(nobody)" };
}

export function scopeSql(scope: UsageScope, filters: UsageFilters = {}): Prisma.Sql {
  const parts = [Prisma.sql`account_id = ${scope.accountId}`];
  if (scope.creatorId !== null) parts.push(Prisma.sql`creator_id = ${scope.creatorId}`);
  for (const [dim, value] of Object.entries(filters) as [GroupBy, string | undefined][]) {
    if (value !== undefined) parts.push(Prisma.sql`${Prisma.raw(GROUP_COLUMN[dim])} = ${value}`);
  }
  return Prisma.join(parts, " AND ");
}

export const SUMS = Prisma.raw(`sum(requests)::bigint AS requests, sum(errors)::bigint AS errors,
  sum(prompt_tokens)::bigint AS prompt_tokens, sum(completion_tokens)::bigint AS completion_tokens,
  sum(reasoning_tokens)::bigint AS reasoning_tokens, sum(cached_tokens)::bigint AS cached_tokens,
  sum(cost_micros)::bigint AS cost_micros, sum(byok_cost_micros)::bigint AS byok_cost_micros,
  sum(latency_ms_sum)::bigint AS latency_ms_sum, sum(latency_count)::bigint AS latency_count`);

export type SumRow = {
  requests: bigint | null; errors: bigint | null; prompt_tokens: bigint | null; completion_tokens: bigint | null; reasoning_tokens: bigint | null;
  cached_tokens: bigint | null; cost_micros: bigint | null; byok_cost_micros: bigint | null; latency_ms_sum: bigint | null; latency_count: bigint | null;
};

const num = (v: bigint | number | null) => Number(v ?? 0);

export function toCell(r: SumRow & { t?: Date | null; key?: string | null }): UsageCell {
  return {
    t: r.t ? new Date(r.t).getTime() : 0,
    key: r.key ?? NONE,
    requests: num(r.requests),
    errors: num(r.errors),
    promptTokens: num(r.prompt_tokens),
    completionTokens: num(r.completion_tokens),
    reasoningTokens: num(r.reasoning_tokens),
    cachedTokens: num(r.cached_tokens),
    costMicros: BigInt(r.cost_micros ?? 0),
    byokCostMicros: BigInt(r.byok_cost_micros ?? 0),
    latencyMsSum: num(r.latency_ms_sum),
    latencyCount: num(r.latency_count),
  };
}

/**
 * Sums per bucket × group over a window (group and bucket both optional). Reads the window's
 * granularity only: hourly rows for short windows, daily rows for long ones.
 */
export async function queryUsage(opts: {
  scope: UsageScope;
  window: Pick<ActivityWindow, "from" | "to" | "granularity">;
  groupBy?: GroupBy | null;
  byBucket?: boolean;
  filters?: UsageFilters;
}): Promise<UsageCell[]> {
  const { scope, window, groupBy = null, byBucket = true, filters } = opts;
  const select: Prisma.Sql[] = [];
  if (byBucket) select.push(Prisma.sql`bucket_start AS t`);
  if (groupBy) select.push(Prisma.sql`${Prisma.raw(GROUP_COLUMN[groupBy])} AS key`);
  const groupCount = select.length;
  const rows = await (await db()).$queryRaw<(SumRow & { t?: Date; key?: string })[]>`
    SELECT ${select.length ? Prisma.sql`${Prisma.join(select)},` : Prisma.empty} ${SUMS}
    FROM usage_rollups
    WHERE ${scopeSql(scope, filters)} AND granularity = ${window.granularity} AND bucket_start >= ${window.from} AND bucket_start < ${window.to}
    ${groupCount ? Prisma.sql`GROUP BY ${Prisma.raw(Array.from({ length: groupCount }, (_, i) => String(i + 1)).join(", "))}` : Prisma.empty}`;
  return rows.filter((r) => r.requests !== null).map(toCell);
}

const NONE_LABEL: Record<GroupBy, string> = {
  model: "(no model)",
  api_key: "(no key)",
  creator: "(no creator)",
  user: "(no user)",
  provider: "(no provider)",
};

/** Display labels of group keys: key names, member names or emails, provider names. */
export async function groupLabels(groupBy: GroupBy, keys: Iterable<string>, accountId: string): Promise<Map<string, string>> {
  const ids = [...new Set(keys)];
  const labels = new Map<string, string>();
  const real = ids.filter((k) => k !== NONE);
  if (ids.includes(NONE)) labels.set(NONE, NONE_LABEL[groupBy]);
  const client = await db();
  if (groupBy === "api_key" && real.length) {
    const rows = await client.apiKey.findMany({ where: { id: { in: real }, accountId }, select: { id: true, name: true } });
    for (const r of rows) labels.set(r.id, r.name);
    for (const id of real) if (!labels.has(id)) labels.set(id, `Deleted key ${id.slice(-6)}`);
  } else if (groupBy === "creator" && real.length) {
    const rows = await client.user.findMany({ where: { id: { in: real } }, select: { id: true, name: true, email: true } });
    for (const r of rows) labels.set(r.id, r.name ?? r.email);
    for (const id of real) if (!labels.has(id)) labels.set(id, `Deleted user ${id.slice(-6)}`);
  } else if (groupBy === "provider" && real.length) {
    const rows = await client.provider.findMany({ where: { slug: { in: real } }, select: { slug: true, name: true } });
    for (const r of rows) labels.set(r.slug, r.name);
  }
  for (const id of real) if (!labels.has(id)) labels.set(id, id);
  return labels;
}

/** The dimension filters of a parsed query (only those given). */
export function filtersOf(q: Partial<Record<GroupBy, string | undefined>>): UsageFilters {
  const out: UsageFilters = {};
  for (const dim of Object.keys(GROUP_COLUMN) as GroupBy[]) if (q[dim] !== undefined) out[dim] = q[dim];
  return out;
}
