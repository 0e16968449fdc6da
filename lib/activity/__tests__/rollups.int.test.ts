import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { flushMetering, recordGeneration } from "@/lib/metering/queue";
import type { GenerationRecord } from "@/lib/metering/record";
import { createUser, personalCtx } from "../../../prisma/factories";
import { rebuildRollups } from "../rollups";

// Instants next to UTC hour, day, week (Sunday -> Monday) and month (and year) boundaries.
const BOUNDARIES = ["2026-01-31T23:59:00Z", "2026-03-01T00:00:00Z", "2026-11-29T23:30:00Z", "2026-11-30T00:00:00Z", "2026-12-31T23:58:00Z", "2026-06-15T12:00:00Z"].map((s) =>
  new Date(s).getTime(),
);

let seq = 0;
const recordArb = fc.record({
  boundary: fc.constantFrom(...BOUNDARIES),
  offsetMs: fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }),
  key: fc.constantFrom<string | null>("key-a", "key-b", null),
  creator: fc.constantFrom<string | null>("creator-1", null),
  model: fc.constantFrom("m/one", "m/two"),
  provider: fc.constantFrom<string | null>("prov-x", "prov-y", null),
  endUser: fc.constantFrom<string | null>("alice", "", null),
  status: fc.constantFrom(200, 200, 200, 402, 502),
  promptTokens: fc.integer({ min: 0, max: 100_000 }),
  completionTokens: fc.integer({ min: 0, max: 50_000 }),
  reasoningTokens: fc.integer({ min: 0, max: 1000 }),
  cachedTokens: fc.integer({ min: 0, max: 1000 }),
  costMicros: fc.bigInt({ min: 0n, max: 5_000_000n }),
  upstreamCostMicros: fc.bigInt({ min: 0n, max: 5_000_000n }),
  isByok: fc.boolean(),
  latencyMs: fc.option(fc.integer({ min: 0, max: 60_000 }), { nil: null }),
});

type Sums = Record<string, string>;

async function sums(sql: "rollups" | "raw", accountId: string, granularity: "h" | "d"): Promise<Sums[]> {
  const client = await db();
  const unit = granularity === "h" ? "hour" : "day";
  const rows =
    sql === "raw"
      ? await client.$queryRawUnsafe<Sums[]>(
          `SELECT to_char(date_trunc('${unit}', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24') AS b, COALESCE(api_key_id,'') AS k, COALESCE(key_creator_id,'') AS c, model,
            COALESCE(provider_slug,'') AS p, COALESCE(end_user,'') AS u, count(*)::text AS requests, count(*) FILTER (WHERE status >= 400)::text AS errors,
            sum(prompt_tokens)::text AS pt, sum(completion_tokens)::text AS ct, sum(reasoning_tokens)::text AS rt, sum(cached_tokens)::text AS cached,
            sum(cost_micros)::text AS cost, COALESCE(sum(upstream_cost_micros) FILTER (WHERE is_byok), 0)::text AS byok,
            COALESCE(sum(latency_ms), 0)::text AS lat, count(latency_ms)::text AS latn
          FROM generations WHERE account_id = $1 GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
          accountId,
        )
      : await client.$queryRawUnsafe<Sums[]>(
          `SELECT to_char(bucket_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24') AS b, api_key_id AS k, creator_id AS c, model, provider_slug AS p, end_user AS u,
            requests::text, errors::text, prompt_tokens::text AS pt, completion_tokens::text AS ct, reasoning_tokens::text AS rt, cached_tokens::text AS cached,
            cost_micros::text AS cost, byok_cost_micros::text AS byok, latency_ms_sum::text AS lat, latency_count::text AS latn
          FROM usage_rollups WHERE account_id = $1 AND granularity = $2 ORDER BY 1, 2, 3, 4, 5, 6`,
          accountId,
          granularity,
        );
  return rows;
}

describe("usage rollups", () => {
  it("equal the raw sums of generations per hour and per day, over random traffic across hour, day, week and month boundaries", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(recordArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 4 }), async (records, flushes) => {
        const user = await createUser();
        const ctx = await personalCtx(user.id);
        const accountId = ctx.account.id;
        // Several metering batches, so rows are both inserted and added to.
        const per = Math.ceil(records.length / flushes);
        for (let i = 0; i < records.length; i += per) {
          for (const r of records.slice(i, i + per)) {
            const rec: GenerationRecord = {
              id: `gen-prop-${++seq}-${Math.random().toString(36).slice(2)}`,
              accountId,
              apiKeyId: r.key,
              keyCreatorId: r.creator,
              endUser: r.endUser,
              model: r.model,
              providerSlug: r.provider,
              endpointId: r.provider ? `ep-${r.provider}` : null,
              status: r.status,
              promptTokens: r.promptTokens,
              completionTokens: r.completionTokens,
              reasoningTokens: r.reasoningTokens,
              cachedTokens: r.cachedTokens,
              costMicros: r.isByok ? 0n : r.costMicros,
              upstreamCostMicros: r.upstreamCostMicros,
              isByok: r.isByok,
              latencyMs: r.latencyMs,
              createdAt: new Date(r.boundary + r.offsetMs),
            };
            recordGeneration(rec);
          }
          await flushMetering();
        }
        for (const g of ["h", "d"] as const) expect(await sums("rollups", accountId, g)).toEqual(await sums("raw", accountId, g === "h" ? "h" : "d"));
        const total = await (await db()).$queryRawUnsafe<{ n: string }[]>(`SELECT sum(requests)::text AS n FROM usage_rollups WHERE account_id = $1 AND granularity = 'd'`, accountId);
        expect(Number(total[0].n)).toBe(records.length);
        // The one-statement rebuild (bulk loads) gives the same rows as the incremental path.
        const before = await sums("rollups", accountId, "h");
        await rebuildRollups(await db(), accountId);
        expect(await sums("rollups", accountId, "h")).toEqual(before);
      }),
      { numRuns: 12 },
    );
  });

  it("merges rows whose dimensions are absent (NULL key, user, provider) into one row per bucket", async () => {
    const user = await createUser();
    const { account } = await personalCtx(user.id);
    const at = new Date("2026-05-05T10:15:00Z");
    const base = { accountId: account.id, apiKeyId: null, keyCreatorId: null, endUser: null, model: "m/x", providerSlug: null, status: 404, costMicros: 0n, createdAt: at };
    recordGeneration({ ...base, id: `gen-null-1-${account.id}` });
    await flushMetering();
    recordGeneration({ ...base, id: `gen-null-2-${account.id}`, createdAt: new Date(at.getTime() + 60_000) });
    recordGeneration({ ...base, id: `gen-null-3-${account.id}`, endUser: "bob" });
    await flushMetering();
    const rows = await (await db()).usageRollup.findMany({ where: { accountId: account.id, granularity: "h" }, orderBy: { endUser: "asc" } });
    expect(rows.map((r) => [r.endUser, r.apiKeyId, r.providerSlug, Number(r.requests), Number(r.errors)])).toEqual([
      ["", "", "", 2, 2],
      ["bob", "", "", 1, 1],
    ]);
  });
});
