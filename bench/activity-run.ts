// One database's part of `npm run bench:activity` (run by bench/activity.mjs on a freshly migrated
// database, no server holding it): seeds N generations over 30 days with raw SQL (generate_series, in
// slices), builds their rollups with rebuildRollups (the same sums as the metering path), then
// measures through the route handlers in this process (as tests call them): the 30-day chart
// report (p50/p95), the per-generation CSV export of every generation (time, peak RSS growth), the
// grouped CSV and the PDF. Prints one line `BENCH_ACTIVITY {json}`.
//   tsx bench/activity-run.ts [generations=1000000]
import { NextRequest } from "next/server";
import { closeDb, connectDb, db } from "../lib/db";
import { rebuildRollups } from "../lib/activity/rollups";
import { createApiKeyFor, createOrganizationFor, createUser, addMember } from "../prisma/factories";
import { runScript } from "../scripts/run-script";
import * as reportRoute from "../app/api/v1/activity/report/route";
import * as exportRoute from "../app/api/v1/activity/export/route";

const DAY = 86_400_000;
const SLICE = 100_000;
const KEYS = 20;
const END_USERS = 200;

type Handler = (req: NextRequest, ctx: { params?: Promise<Record<string, string>> }) => Promise<Response>;

function rssSampler() {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  return { stop: () => (clearInterval(timer), (Math.max(peak, process.memoryUsage().rss) - base) / 1_048_576) };
}

async function call(handler: Handler, path: string, key: string) {
  return handler(new NextRequest(new URL(path, "http://bench.local"), { headers: { authorization: `Bearer ${key}` } }), { params: Promise.resolve({}) });
}

/** Reads a streamed body to its end, counting bytes and lines (rows), keeping nothing. */
async function drain(res: Response) {
  const reader = res.body!.getReader();
  let bytes = 0;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    for (let i = 0; i < value.length; i++) if (value[i] === 10) lines++;
  }
  return { bytes, lines };
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

runScript(async () => {
  const total = Number(process.argv[2] ?? 1_000_000);
  await connectDb();
  try {
    const client = await db();
    const admin = await createUser();
    const { account } = await createOrganizationFor(admin.id);
    const creators = [admin.id];
    for (let i = 0; i < 4; i++) {
      const u = await createUser();
      await addMember(account.id, u.id, "MEMBER");
      creators.push(u.id);
    }
    const mgmt = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);
    const keyIds: string[] = [];
    for (let i = 0; i < KEYS; i++) keyIds.push((await createApiKeyFor(account.id, "INFERENCE", creators[i % creators.length])).id);

    // Traffic: end user u belongs to key u % 20 (whose creator is fixed) and mostly uses two of eight
    // models; each model is served by one of four providers. Spread evenly over the last 30 days.
    // The 30 days of the "30d" period: from 29 days before today's UTC midnight up to now.
    const now = Date.now();
    const from = Math.floor(now / DAY) * DAY - 29 * DAY;
    const seedStart = performance.now();
    for (let start = 0; start < total; start += SLICE) {
      const end = Math.min(total, start + SLICE) - 1;
      await client.$executeRawUnsafe(
        `INSERT INTO generations (id, account_id, api_key_id, key_creator_id, end_user, model, provider_slug, endpoint_id, status, prompt_tokens,
           completion_tokens, reasoning_tokens, cached_tokens, cost_micros, upstream_cost_micros, is_byok, latency_ms, generation_time_ms, created_at)
         SELECT 'gen-bench-' || i, $1, ($2::text[])[1 + u % ${KEYS}], ($3::text[])[1 + (u % ${KEYS}) % ${creators.length}], 'end-user-' || u,
           'bench/model-' || m, 'bench-provider-' || (m % 4), 'bench-endpoint-' || m, CASE WHEN i % 50 = 0 THEN 502 ELSE 200 END,
           100 + (i * 37) % 3000, 20 + (i * 53) % 800, (i * 7) % 50, (i * 11) % 200, CASE WHEN i % 10 = 0 THEN 0 ELSE 50 + (i * 13) % 5000 END,
           50 + (i * 13) % 5000, i % 10 = 0, 150 + (i * 31) % 2000, 300 + (i * 17) % 5000,
           to_timestamp(($4::float8 + (i::float8 / $5::float8) * ${"$"}8::float8) / 1000)
         FROM (SELECT i, ((i * 7919) % ${END_USERS})::int AS u, ((((i * 7919) % ${END_USERS}) * 3 + i % 2) % 8)::int AS m FROM generate_series($6::bigint, $7::bigint) AS i) s`,
        account.id, keyIds, creators, from, total, start, end, now - from - 1000,
      );
    }
    const seedMs = performance.now() - seedStart;
    const rollupStart = performance.now();
    await client.$transaction(async (tx) => rebuildRollups(tx, account.id), { timeout: 600_000 });
    const rollupMs = performance.now() - rollupStart;
    const counts = await client.$queryRawUnsafe<{ g: string; n: bigint }[]>(`SELECT granularity AS g, count(*) AS n FROM usage_rollups WHERE account_id = $1 GROUP BY 1`, account.id);
    // What autovacuum has long done to 30 days of real traffic: statistics, the visibility map and
    // hint bits. Without it the first read of freshly bulk-loaded rows also writes every page.
    await client.$executeRawUnsafe("VACUUM ANALYZE");

    // 30-day chart report, warm: 5 warmups then 30 timed calls, grouping rotated.
    const groups = ["model", "api_key", "creator", "user", "provider"];
    const timings: number[] = [];
    for (let i = 0; i < 35; i++) {
      const t0 = performance.now();
      const res = await call(reportRoute.GET as Handler, `/api/v1/activity/report?period=30d&group_by=${groups[i % groups.length]}&metric=spend`, mgmt.key);
      const body = await res.json();
      if (res.status !== 200) throw new Error(`report: ${res.status} ${JSON.stringify(body)}`);
      if (i >= 5) timings.push(performance.now() - t0);
      if (i === 5 && body.data.totals.requests !== total) throw new Error(`report total ${body.data.totals.requests} != ${total}`);
    }
    const report24: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      await (await call(reportRoute.GET as Handler, `/api/v1/activity/report?period=24h&group_by=user`, mgmt.key)).json();
      report24.push(performance.now() - t0);
    }

    // Per-generation CSV over 31 days (every seeded generation).
    const lastDay = new Date(now).toISOString().slice(0, 10);
    const firstDay = new Date(from).toISOString().slice(0, 10);
    const custom = `period=custom&from=${firstDay}&to=${lastDay}`;
    global.gc?.();
    let mem = rssSampler();
    let t0 = performance.now();
    const rawCsv = await drain(await call(exportRoute.GET as Handler, `/api/v1/activity/export?format=csv&group_by=generation&${custom}`, mgmt.key));
    const rawCsvMs = performance.now() - t0;
    const rawRss = mem.stop();
    if (rawCsv.lines !== total + 2) throw new Error(`raw CSV has ${rawCsv.lines} lines, expected ${total + 2}`);

    mem = rssSampler();
    t0 = performance.now();
    const groupedCsv = await drain(await call(exportRoute.GET as Handler, `/api/v1/activity/export?format=csv&group_by=user&${custom}`, mgmt.key));
    const groupedCsvMs = performance.now() - t0;
    const groupedRss = mem.stop();

    const pdfTimes: number[] = [];
    let pdfBytes = 0;
    for (let i = 0; i < 3; i++) {
      t0 = performance.now();
      const res = await call(exportRoute.GET as Handler, `/api/v1/activity/export?format=pdf&group_by=${i === 0 ? "user" : "model"}&period=30d`, mgmt.key);
      pdfBytes = (await res.arrayBuffer()).byteLength;
      if (res.status !== 200) throw new Error(`pdf: ${res.status}`);
      pdfTimes.push(performance.now() - t0);
    }

    console.log(
      `BENCH_ACTIVITY ${JSON.stringify({
        generations: total,
        seedMs,
        rollupMs,
        rollupRows: Object.fromEntries(counts.map((c) => [c.g, Number(c.n)])),
        report30d: { p50: pct(timings, 0.5), p95: pct(timings, 0.95), n: timings.length },
        report24h: { p50: pct(report24, 0.5), p95: pct(report24, 0.95), n: report24.length },
        rawCsv: { ms: rawCsvMs, rows: rawCsv.lines - 2, bytes: rawCsv.bytes, rssGrowthMb: rawRss },
        groupedCsv: { ms: groupedCsvMs, rows: groupedCsv.lines - 2, bytes: groupedCsv.bytes, rssGrowthMb: groupedRss },
        pdf: { p50: pct(pdfTimes, 0.5), max: Math.max(...pdfTimes), bytes: pdfBytes, byUserMs: pdfTimes[0] },
      })}`,
    );
  } finally {
    await closeDb();
  }
});
