// CSV exports, streamed: a ReadableStream whose pull() reads the next slice of data only when the
// client has taken the previous one, so memory stays flat however long the period. Grouped exports
// read the rollups a few days at a time; the per-generation export walks generations with a keyset
// cursor. Timestamps are UTC ISO 8601, money is exact USD from micro-dollars, quoting is RFC 4180
// (csv-stringify), and the last row holds the totals.
import { stringify } from "csv-stringify/sync";
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import { addTotals, averageLatency, GROUP_BYS, ZERO_TOTALS, type ActivityWindow, type GroupBy, type Totals } from "../../charts/activity.prepare";
import { assertCan, type Ctx } from "../context";
import { generationFilterSql } from "./list-generations";
import { groupLabels, queryUsage, usageScope, type UsageFilters } from "./usage-query";

const DAY_MS = 86_400_000;
/** Buckets of the grouped export read per query: a week of days, or two days of hours. */
const GROUPED_SLICE_MS = 7 * DAY_MS;
const GENERATION_PAGE = 5_000;

/** Exact USD with 6 decimals from micro-dollars: "-0.000123", "12.500000". */
export function usdString(micros: bigint): string {
  const sign = micros < 0n ? "-" : "";
  const abs = micros < 0n ? -micros : micros;
  return `${sign}${abs / 1_000_000n}.${(abs % 1_000_000n).toString().padStart(6, "0")}`;
}

const encoder = new TextEncoder();
const line = (rows: unknown[][]) => encoder.encode(stringify(rows, { cast: { boolean: (b) => (b ? "true" : "false") } }));

/** group_key of the grouped export's last row: the whole period's totals. */
export const TOTAL_KEY = "TOTAL";

export const GROUPED_CSV_HEADER = [
  "period_start_utc", "period_end_utc", "group_by", "group_key", "group", "requests", "errors", "prompt_tokens", "completion_tokens",
  "reasoning_tokens", "cached_tokens", "cost_usd", "byok_cost_usd", "avg_latency_ms",
];

function totalsColumns(t: Totals) {
  const avg = averageLatency(t);
  return [t.requests, t.errors, t.promptTokens, t.completionTokens, t.reasoningTokens, t.cachedTokens, usdString(t.costMicros), usdString(t.byokCostMicros), avg === null ? "" : Math.round(avg)];
}

/** One row per bucket (hour or day) × group with traffic, then a TOTAL row. */
export function groupedCsvStream({ ctx, window, groupBy, filters = {} }: { ctx: Ctx; window: ActivityWindow; groupBy: GroupBy; filters?: UsageFilters }): ReadableStream<Uint8Array> {
  assertCan(ctx, "activity.export");
  const scope = usageScope(ctx);
  let sliceFrom = window.from.getTime();
  let totals = ZERO_TOTALS;
  let headerSent = false;
  let done = false;
  const labels = new Map<string, string>();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(line([GROUPED_CSV_HEADER]));
          return;
        }
        if (done) return controller.close();
        if (sliceFrom >= window.to.getTime()) {
          done = true;
          controller.enqueue(line([[window.from.toISOString(), window.to.toISOString(), groupBy, TOTAL_KEY, "Total", ...totalsColumns(totals)]]));
          return;
        }
        const sliceTo = Math.min(window.to.getTime(), sliceFrom + GROUPED_SLICE_MS);
        const cells = await queryUsage({ scope, window: { from: new Date(sliceFrom), to: new Date(sliceTo), granularity: window.granularity }, groupBy, filters });
        sliceFrom = sliceTo;
        const missing = cells.map((c) => c.key).filter((k) => !labels.has(k));
        if (missing.length) for (const [k, v] of await groupLabels(groupBy, missing, ctx.account.id)) labels.set(k, v);
        cells.sort((a, b) => a.t - b.t || (labels.get(a.key) ?? a.key).localeCompare(labels.get(b.key) ?? b.key));
        const rows = cells.map((c) => {
          totals = addTotals(totals, c);
          return [new Date(c.t).toISOString(), new Date(c.t + window.stepMs).toISOString(), groupBy, c.key, labels.get(c.key) ?? c.key, ...totalsColumns(c)];
        });
        controller.enqueue(rows.length ? line(rows) : new Uint8Array());
      } catch (error) {
        controller.error(error);
      }
    },
  });
}

export const GENERATION_CSV_HEADER = [
  "created_at_utc", "generation_id", "api_key_id", "api_key", "creator_user_id", "model", "provider", "end_user", "status", "prompt_tokens",
  "completion_tokens", "reasoning_tokens", "cached_tokens", "cost_usd", "byok_cost_usd", "latency_ms", "generation_time_ms", "streamed",
];

type GenerationCsvRow = {
  id: string; created_at: Date; api_key_id: string | null; api_key_name: string | null; key_creator_id: string | null; model: string; provider_slug: string | null;
  end_user: string | null; status: number; prompt_tokens: number; completion_tokens: number; reasoning_tokens: number; cached_tokens: number;
  cost_micros: bigint; upstream_cost_micros: bigint; is_byok: boolean; latency_ms: number | null; generation_time_ms: number | null; streamed: boolean;
};

/** One row per generation in the window, oldest first, read GENERATION_PAGE at a time; then a TOTAL row. */
export function generationsCsvStream({ ctx, window, filters = {} }: { ctx: Ctx; window: Pick<ActivityWindow, "from" | "to">; filters?: UsageFilters }): ReadableStream<Uint8Array> {
  assertCan(ctx, "activity.export");
  const where = generationFilterSql(ctx, { api_key: filters.api_key, model: filters.model, provider: filters.provider, user: filters.user });
  const creatorFilter = filters.creator !== undefined ? Prisma.sql`AND g.key_creator_id = ${filters.creator}` : Prisma.empty;
  let after: { createdAt: Date; id: string } | null = null;
  let totals = ZERO_TOTALS;
  let headerSent = false;
  let done = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(line([GENERATION_CSV_HEADER]));
          return;
        }
        if (done) return controller.close();
        const client = await db();
        const rows = await client.$queryRaw<GenerationCsvRow[]>`
          SELECT g.id, g.created_at, g.api_key_id, k.name AS api_key_name, g.key_creator_id, g.model, g.provider_slug, g.end_user, g.status,
            g.prompt_tokens, g.completion_tokens, g.reasoning_tokens, g.cached_tokens, g.cost_micros, g.upstream_cost_micros, g.is_byok,
            g.latency_ms, g.generation_time_ms, g.streamed
          FROM generations g LEFT JOIN api_keys k ON k.id = g.api_key_id
          WHERE ${where} ${creatorFilter} AND g.created_at >= ${window.from} AND g.created_at < ${window.to}
            ${after ? Prisma.sql`AND (g.created_at, g.id) > (${after.createdAt}, ${after.id})` : Prisma.empty}
          ORDER BY g.created_at, g.id
          LIMIT ${GENERATION_PAGE}`;
        if (rows.length < GENERATION_PAGE) done = true;
        if (rows.length) {
          const last = rows[rows.length - 1];
          after = { createdAt: new Date(last.created_at), id: last.id };
        }
        const out: unknown[][] = rows.map((r) => {
          const cost = BigInt(r.cost_micros);
          const byok = r.is_byok ? BigInt(r.upstream_cost_micros) : 0n;
          totals = addTotals(totals, {
            requests: 1, errors: r.status >= 400 ? 1 : 0, promptTokens: r.prompt_tokens, completionTokens: r.completion_tokens, reasoningTokens: r.reasoning_tokens,
            cachedTokens: r.cached_tokens, costMicros: cost, byokCostMicros: byok, latencyMsSum: r.latency_ms ?? 0, latencyCount: r.latency_ms === null ? 0 : 1,
          });
          return [
            new Date(r.created_at).toISOString(), r.id, r.api_key_id ?? "", r.api_key_name ?? "", r.key_creator_id ?? "", r.model, r.provider_slug ?? "", r.end_user ?? "",
            r.status, r.prompt_tokens, r.completion_tokens, r.reasoning_tokens, r.cached_tokens, usdString(cost), usdString(byok), r.latency_ms ?? "", r.generation_time_ms ?? "", r.streamed,
          ];
        });
        if (done) out.push(["TOTAL", `${totals.requests} requests`, "", "", "", "", "", "", "", totals.promptTokens, totals.completionTokens, totals.reasoningTokens, totals.cachedTokens, usdString(totals.costMicros), usdString(totals.byokCostMicros), "", "", ""]);
        controller.enqueue(out.length ? line(out) : new Uint8Array());
      } catch (error) {
        controller.error(error);
      }
    },
  });
}

export function exportFilename(ctx: Ctx, window: Pick<ActivityWindow, "from" | "to">, groupBy: GroupBy | "generation", ext: "csv" | "pdf"): string {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const last = new Date(window.to.getTime() - 1);
  const name = (ctx.account.slug ?? "personal").replace(/[^a-z0-9-]/gi, "");
  return `tollgate-${name}-${day(window.from)}_${day(last)}-by-${groupBy === "generation" ? "generation" : groupBy.replace("_", "-")}.${ext}`;
}

export const groupByLabel = (g: GroupBy) => GROUP_BYS[g];
