// Usage rollups: every metered generation adds to its UTC hour and UTC day in usage_rollups, in the
// same transaction as the generation itself (lib/metering/batch.ts runs it as a sink), so charts,
// GET /activity and exports read a few thousand pre-aggregated rows instead of scanning generations.
// A batch is aggregated here first, then written with one multi-row INSERT … ON CONFLICT DO UPDATE.
import { Prisma } from "../generated/prisma/client";
import type { GenerationRecord } from "../metering/record";
import type { MeteringSink } from "../metering/sink";
import { startOfUtcDay, startOfUtcHour } from "../time/windows";

/** An absent dimension (no key, no creator, no provider, no end user) is stored as this, never NULL. */
export const NONE = "";
export type Granularity = "h" | "d";

/** What a rollup needs of a generation (a GenerationRecord, or a row read back for a rebuild). */
export type RollupSource = Pick<GenerationRecord, "accountId" | "createdAt" | "model" | "status" | "costMicros"> & {
  apiKeyId?: string | null;
  keyCreatorId?: string | null;
  providerSlug?: string | null;
  endpointId?: string | null;
  endUser?: string | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  reasoningTokens?: number | null;
  cachedTokens?: number | null;
  upstreamCostMicros?: bigint | number | null;
  isByok?: boolean | null;
  latencyMs?: number | null;
};

export type RollupRow = {
  accountId: string;
  granularity: Granularity;
  bucketStart: Date;
  apiKeyId: string;
  creatorId: string;
  model: string;
  providerSlug: string;
  endpointId: string;
  endUser: string;
  requests: bigint;
  errors: bigint;
  promptTokens: bigint;
  completionTokens: bigint;
  reasoningTokens: bigint;
  cachedTokens: bigint;
  costMicros: bigint;
  byokCostMicros: bigint;
  latencyMsSum: bigint;
  latencyCount: bigint;
};

const big = (v: bigint | number | null | undefined) => (typeof v === "bigint" ? v : BigInt(Math.trunc(v ?? 0)));

/** Sums generations into hourly and daily rollup rows (pure; the unit of the property test). */
export function aggregateRollups(records: Iterable<RollupSource>): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const r of records) {
    const dims = {
      accountId: r.accountId,
      apiKeyId: r.apiKeyId ?? NONE,
      creatorId: r.keyCreatorId ?? NONE,
      model: r.model ?? NONE,
      providerSlug: r.providerSlug ?? NONE,
      endpointId: r.endpointId ?? NONE,
      endUser: r.endUser ?? NONE,
    };
    for (const [granularity, bucketStart] of [
      ["h", startOfUtcHour(r.createdAt)],
      ["d", startOfUtcDay(r.createdAt)],
    ] as const) {
      const key = JSON.stringify([granularity, bucketStart.getTime(), dims.accountId, dims.apiKeyId, dims.creatorId, dims.model, dims.providerSlug, dims.endpointId, dims.endUser]);
      let row = rows.get(key);
      if (!row) {
        row = { ...dims, granularity, bucketStart, requests: 0n, errors: 0n, promptTokens: 0n, completionTokens: 0n, reasoningTokens: 0n, cachedTokens: 0n, costMicros: 0n, byokCostMicros: 0n, latencyMsSum: 0n, latencyCount: 0n };
        rows.set(key, row);
      }
      row.requests += 1n;
      if (r.status >= 400) row.errors += 1n;
      row.promptTokens += big(r.promptTokens);
      row.completionTokens += big(r.completionTokens);
      row.reasoningTokens += big(r.reasoningTokens);
      row.cachedTokens += big(r.cachedTokens);
      row.costMicros += big(r.costMicros);
      if (r.isByok) row.byokCostMicros += big(r.upstreamCostMicros);
      if (r.latencyMs !== null && r.latencyMs !== undefined) {
        row.latencyMsSum += big(r.latencyMs);
        row.latencyCount += 1n;
      }
    }
  }
  return [...rows.values()];
}

type Tx = { $executeRaw: (query: Prisma.Sql) => Promise<number> };

const CHUNK = 1000;

/** Adds rows to usage_rollups (insert, or add to the existing row of the same bucket and dimensions). */
export async function upsertRollups(tx: Tx, rows: RollupRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const values = rows.slice(i, i + CHUNK).map(
      (r) =>
        Prisma.sql`(${r.accountId}, ${r.granularity}, ${r.bucketStart}, ${r.apiKeyId}, ${r.creatorId}, ${r.model}, ${r.providerSlug}, ${r.endpointId}, ${r.endUser}, ${r.requests}, ${r.errors}, ${r.promptTokens}, ${r.completionTokens}, ${r.reasoningTokens}, ${r.cachedTokens}, ${r.costMicros}, ${r.byokCostMicros}, ${r.latencyMsSum}, ${r.latencyCount})`,
    );
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO usage_rollups (account_id, granularity, bucket_start, api_key_id, creator_id, model, provider_slug, endpoint_id, end_user,
        requests, errors, prompt_tokens, completion_tokens, reasoning_tokens, cached_tokens, cost_micros, byok_cost_micros, latency_ms_sum, latency_count)
      VALUES ${Prisma.join(values)}
      ON CONFLICT (account_id, granularity, bucket_start, api_key_id, creator_id, model, provider_slug, endpoint_id, end_user) DO UPDATE SET
        requests = usage_rollups.requests + EXCLUDED.requests,
        errors = usage_rollups.errors + EXCLUDED.errors,
        prompt_tokens = usage_rollups.prompt_tokens + EXCLUDED.prompt_tokens,
        completion_tokens = usage_rollups.completion_tokens + EXCLUDED.completion_tokens,
        reasoning_tokens = usage_rollups.reasoning_tokens + EXCLUDED.reasoning_tokens,
        cached_tokens = usage_rollups.cached_tokens + EXCLUDED.cached_tokens,
        cost_micros = usage_rollups.cost_micros + EXCLUDED.cost_micros,
        byok_cost_micros = usage_rollups.byok_cost_micros + EXCLUDED.byok_cost_micros,
        latency_ms_sum = usage_rollups.latency_ms_sum + EXCLUDED.latency_ms_sum,
        latency_count = usage_rollups.latency_count + EXCLUDED.latency_count`);
  }
}

/**
 * The one call in the metering transaction. The rows are the batch's, as written: the generations
 * INSERT skips an id that already exists (ON CONFLICT DO NOTHING), and ids are fresh per request,
 * so every record in a batch is new.
 */
export async function writeRollups(tx: Tx, batch: readonly GenerationRecord[]): Promise<void> {
  if (batch.length === 0) return;
  // Prisma's input type allows its `Skip` marker; the gateway's records never hold it.
  await upsertRollups(tx, aggregateRollups(batch as unknown as RollupSource[]));
}

/** Activity's metering sink: the batch's usage added to the hourly and daily rollups. */
export const rollupSink: MeteringSink<void> = { name: "rollups", write: (tx, batch) => writeRollups(tx, batch) };

/**
 * Recomputes an account's rollups from its generations with one SQL statement (bulk loads such as
 * the benchmark's, and a repair after restoring generations). Same sums as aggregateRollups.
 */
export async function rebuildRollups(tx: Tx, accountId: string): Promise<void> {
  await tx.$executeRaw(Prisma.sql`DELETE FROM usage_rollups WHERE account_id = ${accountId}`);
  for (const [granularity, unit] of [
    ["h", "hour"],
    ["d", "day"],
  ] as const) {
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO usage_rollups (account_id, granularity, bucket_start, api_key_id, creator_id, model, provider_slug, endpoint_id, end_user,
        requests, errors, prompt_tokens, completion_tokens, reasoning_tokens, cached_tokens, cost_micros, byok_cost_micros, latency_ms_sum, latency_count)
      SELECT account_id, ${granularity}, date_trunc(${unit}, created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
        COALESCE(api_key_id, ''), COALESCE(key_creator_id, ''), model, COALESCE(provider_slug, ''), COALESCE(endpoint_id, ''), COALESCE(end_user, ''),
        count(*), count(*) FILTER (WHERE status >= 400), sum(prompt_tokens), sum(completion_tokens), sum(reasoning_tokens), sum(cached_tokens),
        sum(cost_micros), COALESCE(sum(upstream_cost_micros) FILTER (WHERE is_byok), 0), COALESCE(sum(latency_ms), 0), count(latency_ms)
      FROM generations WHERE account_id = ${accountId}
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9`);
  }
}
