// CSV exports, streamed: a ReadableStream whose pull() reads the next slice of data only when the
// client has taken the previous one, so memory stays flat however long the period. Grouped exports
// read the rollups a few days at a time; the per-generation export is one COPY on PostgreSQL and
// walks generations with a keyset cursor on PGlite. Timestamps are UTC ISO 8601, money is exact USD
// from micro-dollars, quoting is RFC 4180 (csv-stringify; the per-generation lines are quoted the
// same way by the database), and the last row holds the totals.
import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { stringify } from "csv-stringify/sync";
import { Prisma } from "../../generated/prisma/client";
import { postgresPool, rawQuery } from "../../db";
import { inlineSql } from "../../db/sql-literal";
import { addTotals, averageLatency, ZERO_TOTALS, type ActivityWindow, type GroupBy, type Totals } from "../../charts/activity.prepare";
import { usdString } from "../../money";
import { assertCan, type Ctx } from "../context";
import { generationFilterSql } from "./list-generations";
import { groupLabels, queryUsage, usageScope, type UsageFilters } from "./usage-query";

const DAY_MS = 86_400_000;
/** Buckets of the grouped export read per query: a week of days, or two days of hours. */
const GROUPED_SLICE_MS = 7 * DAY_MS;
const GENERATION_PAGE = 10_000;

const encoder = new TextEncoder();

/**
 * CSV formula injection (OWASP): a spreadsheet runs a cell that starts with = + - @ tab or CR as a
 * formula, so such a text gets a leading single quote. Only text columns (names, models, end users,
 * ids): numbers and amounts (a negative cost) stay numbers.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
export function csvText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
/** csvText in SQL, for the lines the database builds (COPY on PostgreSQL, pages on PGlite). */
const csvTextSql = (expr: string) => `CASE WHEN left(${expr}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || ${expr} ELSE ${expr} END`;
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
          return [new Date(c.t).toISOString(), new Date(c.t + window.stepMs).toISOString(), groupBy, csvText(c.key), csvText(labels.get(c.key) ?? c.key), ...totalsColumns(c)];
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

type ColumnKind = "text" | "id" | "number" | "plain";
/** Exact USD with 6 decimals, as usdString() writes it, in integer arithmetic (a numeric cast per row cost ~40% of a line). */
const usdSql = (expr: string) =>
  `CASE WHEN (${expr}) < 0 THEN '-' ELSE '' END || (abs(${expr}) / 1000000)::text || '.' || lpad((abs(${expr}) % 1000000)::text, 6, '0')`;

/**
 * GENERATION_CSV_HEADER's columns over `g` (a generation) and `api_key_name` (its key's name): `text` may
 * need quoting, `id` never does (generated ids, catalog slugs), `number` may be NULL, `plain` is
 * never NULL and never needs quoting.
 */
const GENERATION_COLUMNS: [expr: string, kind: ColumnKind][] = [
  [`to_char(g.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`, "plain"],
  ["g.id", "id"],
  ["g.api_key_id", "id"],
  ["api_key_name", "text"],
  ["g.key_creator_id", "id"],
  ["g.model", "text"],
  ["g.provider_slug", "id"],
  ["g.end_user", "text"],
  ["g.status", "number"],
  ["g.prompt_tokens", "number"],
  ["g.completion_tokens", "number"],
  ["g.reasoning_tokens", "number"],
  ["g.cached_tokens", "number"],
  [usdSql("g.cost_micros"), "plain"],
  [usdSql("CASE WHEN g.is_byok THEN g.upstream_cost_micros ELSE 0 END"), "plain"],
  ["g.latency_ms", "number"],
  ["g.generation_time_ms", "number"],
  ["CASE WHEN g.streamed THEN 'true' ELSE 'false' END", "plain"],
];

/** One field as CSV text: empty for NULL, a text quoted (RFC 4180) when it holds , " CR or LF. */
function csvField(column: string, kind: ColumnKind): string {
  if (kind === "plain") return column;
  if (kind === "number") return `COALESCE(${column}::text, '')`;
  const expr = csvTextSql(column);
  if (kind === "id") return `COALESCE(${expr}, '')`;
  return `CASE WHEN ${expr} IS NULL THEN '' WHEN strpos(${expr}, ',') + strpos(${expr}, '"') + strpos(${expr}, chr(10)) + strpos(${expr}, chr(13)) > 0 THEN '"' || replace(${expr}, '"', '""') || '"' ELSE ${expr} END`;
}

/** The whole line in SQL, for the paged read. */
const GENERATION_LINE = Prisma.raw(GENERATION_COLUMNS.map(([expr, kind]) => csvField(expr, kind)).join(` || ',' || `));
/**
 * The columns as COPY ... (FORMAT csv) quotes them: only when needed, like csvField, except that it
 * writes "" for an empty text (and nothing for NULL), so empty texts become NULL first.
 */
const GENERATION_COPY_COLUMNS = Prisma.raw(GENERATION_COLUMNS.map(([expr, kind]) => (kind === "text" || kind === "id" ? `NULLIF(${csvTextSql(expr)}, '')` : expr)).join(", "));

const GENERATION_SUMS = Prisma.sql`count(*) AS n, count(*) FILTER (WHERE g.status >= 400) AS errors, sum(g.prompt_tokens)::bigint AS prompt,
  sum(g.completion_tokens)::bigint AS completion, sum(g.reasoning_tokens)::bigint AS reasoning, sum(g.cached_tokens)::bigint AS cached,
  sum(g.cost_micros)::bigint AS cost, COALESCE(sum(g.upstream_cost_micros) FILTER (WHERE g.is_byok), 0)::bigint AS byok`;

type Int8 = bigint | number | string | null; // as the driver decodes it
type Sums = { n: Int8; errors: Int8; prompt: Int8; completion: Int8; reasoning: Int8; cached: Int8; cost: Int8; byok: Int8 };
type PageRow = Sums & { csv: string | null; last_at: Date | string | null; last_id: string | null };

function sumsTotals(s: Sums | undefined): Totals {
  return {
    ...ZERO_TOTALS, requests: Number(s?.n ?? 0), errors: Number(s?.errors ?? 0), promptTokens: Number(s?.prompt ?? 0), completionTokens: Number(s?.completion ?? 0),
    reasoningTokens: Number(s?.reasoning ?? 0), cachedTokens: Number(s?.cached ?? 0), costMicros: BigInt(s?.cost ?? 0), byokCostMicros: BigInt(s?.byok ?? 0),
  };
}

const generationsTotalLine = (t: Totals) =>
  line([["TOTAL", `${t.requests} requests`, "", "", "", "", "", "", "", t.promptTokens, t.completionTokens, t.reasoningTokens, t.cachedTokens, usdString(t.costMicros), usdString(t.byokCostMicros), "", "", ""]]);

/** Where the lines after the header come from: pull() enqueues the next part (closing after the TOTAL row); cancel() lets go of the database. */
type LineSource = { pull: (controller: ReadableStreamDefaultController<Uint8Array>) => Promise<void>; cancel: () => void };

/** One row per generation in the window, oldest first, then a TOTAL row: COPY on PostgreSQL, pages on PGlite. */
export function generationsCsvStream({ ctx, window, filters = {} }: { ctx: Ctx; window: Pick<ActivityWindow, "from" | "to">; filters?: UsageFilters }): ReadableStream<Uint8Array> {
  assertCan(ctx, "activity.export");
  const where = Prisma.sql`${generationFilterSql(ctx, { api_key: filters.api_key, model: filters.model, provider: filters.provider, user: filters.user })}
    ${filters.creator !== undefined ? Prisma.sql`AND g.key_creator_id = ${filters.creator}` : Prisma.empty}
    AND g.created_at >= ${window.from} AND g.created_at < ${window.to}`;
  let source: Promise<LineSource> | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!headerSent) {
          headerSent = true;
          controller.enqueue(line([GENERATION_CSV_HEADER]));
          return;
        }
        source ??= postgresPool().then((pool) => (pool ? copySource(pool, where) : pagedSource(where)));
        await (await source).pull(controller);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      (await source?.catch(() => null))?.cancel();
    },
  });
}

/**
 * PostgreSQL: the rows in one COPY ... TO STDOUT (FORMAT csv), read as the client takes them (the
 * socket is only read when the previous chunk is gone), then the sums for the TOTAL row, both in one
 * REPEATABLE READ transaction so the total is the sum of the rows written. A third of the time pages took.
 */
function copySource(pool: pg.Pool, where: Prisma.Sql): LineSource {
  let client: pg.PoolClient | null = null;
  let chunks: AsyncIterator<Buffer> | null = null;
  let cancelled = false;
  // Ending the connection is the only way to stop a COPY midway; the server notices at its next write.
  const release = (destroy: boolean) => {
    const c = client;
    client = null;
    chunks = null;
    c?.release(destroy);
  };
  return {
    async pull(controller) {
      try {
        if (!client) {
          client = await pool.connect();
          if (cancelled) return release(false);
          await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
          const rows = Prisma.sql`SELECT ${GENERATION_COPY_COLUMNS}
            FROM generations g LEFT JOIN (SELECT id, name AS api_key_name FROM api_keys) k ON k.id = g.api_key_id
            WHERE ${where} ORDER BY g.created_at, g.id`;
          chunks = client.query(copyTo(`COPY (${inlineSql(rows)}) TO STDOUT WITH (FORMAT csv)`))[Symbol.asyncIterator]();
        }
        const chunk = await chunks!.next();
        if (!chunk.done) return controller.enqueue(chunk.value);
        const sums = Prisma.sql`SELECT ${GENERATION_SUMS} FROM generations g WHERE ${where}`;
        const { rows } = await client.query<Sums>(sums.text, sums.values);
        await client.query("COMMIT");
        release(false);
        controller.enqueue(generationsTotalLine(sumsTotals(rows[0])));
        controller.close();
      } catch (error) {
        release(true);
        throw error;
      }
    },
    cancel() {
      cancelled = true;
      release(true);
    },
  };
}

/**
 * PGlite (no COPY stream): GENERATION_PAGE rows at a time with a keyset cursor, each page one text
 * value built by the database plus its sums (a million rows cost 100 round trips, no per-row work here).
 */
function pagedSource(where: Prisma.Sql): LineSource {
  let after: { createdAt: Date; id: string } | null = null;
  let totals = ZERO_TOTALS;
  let done = false;
  // The keyset condition repeats `created_at >= last` on its own: a row comparison alone is no bound
  // for the (account_id, created_at) index, and every page would scan from the window's start.
  const fetchPage = (after: { createdAt: Date; id: string } | null) => rawQuery<PageRow>(Prisma.sql`
      WITH page AS (
        SELECT g.*, k.name AS api_key_name FROM generations g LEFT JOIN api_keys k ON k.id = g.api_key_id
        WHERE ${where}
          ${after ? Prisma.sql`AND g.created_at >= ${after.createdAt} AND (g.created_at, g.id) > (${after.createdAt}, ${after.id})` : Prisma.empty}
        ORDER BY g.created_at, g.id
        LIMIT ${GENERATION_PAGE}
      ), last AS (SELECT created_at, id FROM page ORDER BY created_at DESC, id DESC LIMIT 1)
      SELECT string_agg(${GENERATION_LINE}, chr(10) ORDER BY g.created_at, g.id) AS csv, ${GENERATION_SUMS},
        (SELECT created_at FROM last) AS last_at, (SELECT id FROM last) AS last_id
      FROM page g`).then((rows) => rows[0]);
  // The next page is asked for as soon as a page arrives, so the database can build it while this
  // one is encoded and sent (at most two pages, ~4 MB, are held at once).
  let next: Promise<PageRow | undefined> | null = null;
  const prefetch = (after: { createdAt: Date; id: string }) => {
    next = fetchPage(after);
    next.catch(() => undefined); // a reader that stops early must not leave an unhandled rejection
  };
  return {
    async pull(controller) {
      if (done) return controller.close();
      const page = await (next ?? fetchPage(after));
      next = null;
      const n = Number(page?.n ?? 0);
      if (n < GENERATION_PAGE) done = true;
      if (page?.last_at && page.last_id) after = { createdAt: new Date(page.last_at), id: page.last_id };
      if (!done && after) prefetch(after);
      totals = addTotals(totals, sumsTotals(page));
      const parts: Uint8Array[] = [];
      if (n > 0 && page?.csv) parts.push(encoder.encode(`${page.csv}\n`));
      if (done) parts.push(generationsTotalLine(totals));
      for (const p of parts) controller.enqueue(p);
      if (!parts.length) controller.enqueue(new Uint8Array());
    },
    cancel() {},
  };
}

export function exportFilename(ctx: Ctx, window: Pick<ActivityWindow, "from" | "to">, groupBy: GroupBy | "generation", ext: "csv" | "pdf"): string {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const last = new Date(window.to.getTime() - 1);
  const name = (ctx.account.slug ?? "personal").replace(/[^a-z0-9-]/gi, "");
  return `tollgate-${name}-${day(window.from)}_${day(last)}-by-${groupBy === "generation" ? "generation" : groupBy.replace("_", "-")}.${ext}`;
}
