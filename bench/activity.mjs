#!/usr/bin/env node
// npm run bench:activity – Activity at a million requests, on embedded PGlite and on PostgreSQL:
// per database, a fresh migrated database -> bench/activity-run.ts seeds N generations over the last
// 30 days (raw SQL, generate_series) and their rollups, then measures the 30-day chart report
// (p50/p95), the per-generation CSV of all N rows (time, peak RSS growth), a grouped CSV and the PDF.
//
//   npm run bench:activity [-- --db pglite|postgres|both] [--generations 1000000]
//
// Output: bench/results/activity-<UTC stamp>.{txt,json}. A benchmark, not a test: exits 0 when
// targets are missed, 1 when it could not run. Env: PGPORT (55443) for the throwaway PostgreSQL.
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const PGPORT = process.env.PGPORT ?? "55443";
const TARGETS = { chartP50Ms: 100, csvSeconds: 15, csvRssMb: 200, pdfSeconds: 3 };

const argv = process.argv.slice(2);
let dbs = ["pglite", "postgres"];
let generations = 1_000_000;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--db") dbs = argv[++i] === "both" ? ["pglite", "postgres"] : argv[i].split(",");
  else if (argv[i] === "--generations") generations = Number(argv[++i]);
}

const STAMP = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
const RESULTS = join(ROOT, "bench", "results");
mkdirSync(RESULTS, { recursive: true });
const TXT = join(RESULTS, `activity-${STAMP}.txt`);
writeFileSync(TXT, "");
const say = (line = "") => {
  process.stdout.write(`${line}\n`);
  appendFileSync(TXT, `${line}\n`);
};

function runNode(args, env, label) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

let pgStarted = false;
function stopPg() {
  if (!pgStarted) return;
  spawnSync("bash", [join(ROOT, "scripts", "pg-throwaway.sh"), "stop"], { env: { ...process.env, PGPORT } });
  pgStarted = false;
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => (stopPg(), process.exit(130)));

function benchDatabase(kind) {
  say(`\n################ ${kind === "pglite" ? "embedded PGlite" : "PostgreSQL"} ################`);
  const dataDir = mkdtempSync(join(os.tmpdir(), `tollgate-bench-activity-${kind}-`));
  try {
    let databaseUrl = "";
    if (kind === "postgres") {
      const r = spawnSync("bash", [join(ROOT, "scripts", "pg-throwaway.sh"), "start"], { cwd: ROOT, env: { ...process.env, PGPORT }, encoding: "utf8" });
      if (r.status !== 0) throw new Error(`could not start PostgreSQL (PGPORT=${PGPORT}):\n${r.stdout}${r.stderr}`);
      pgStarted = true;
      databaseUrl = runNode([join(ROOT, "scripts", "pg-create-db.mjs"), r.stdout.trim().split("\n").pop(), "tollgate_bench_activity"], process.env, "pg-create-db").trim();
    }
    const env = { ...process.env, TOLLGATE_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, NODE_ENV: "production" };
    runNode([TSX, join(ROOT, "scripts", "db-migrate.ts")], env, "db:migrate");
    const stdout = runNode(["--expose-gc", TSX, join(ROOT, "bench", "activity-run.ts"), String(generations)], { ...env, NODE_OPTIONS: "--expose-gc" }, "bench/activity-run.ts");
    const line = stdout.split("\n").find((l) => l.startsWith("BENCH_ACTIVITY "));
    if (!line) throw new Error(`no BENCH_ACTIVITY line:\n${stdout}`);
    const r = JSON.parse(line.slice("BENCH_ACTIVITY ".length));
    const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
    say(`seed: ${r.generations.toLocaleString("en")} generations in ${s(r.seedMs)}, rollups rebuilt in ${s(r.rollupMs)} (${r.rollupRows.h.toLocaleString("en")} hourly rows, ${r.rollupRows.d.toLocaleString("en")} daily rows)`);
    say(`30-day chart report (GET /api/v1/activity/report?period=30d, 5 groupings): p50 ${r.report30d.p50.toFixed(1)} ms, p95 ${r.report30d.p95.toFixed(1)} ms (n=${r.report30d.n})`);
    say(`24-hour chart report (hourly rows, by end user):                  p50 ${r.report24h.p50.toFixed(1)} ms, p95 ${r.report24h.p95.toFixed(1)} ms`);
    say(`CSV per generation: ${r.rawCsv.rows.toLocaleString("en")} rows, ${(r.rawCsv.bytes / 1048576).toFixed(0)} MB in ${s(r.rawCsv.ms)}, peak RSS growth ${r.rawCsv.rssGrowthMb.toFixed(0)} MB`);
    say(`CSV grouped by end user per day: ${r.groupedCsv.rows.toLocaleString("en")} rows in ${s(r.groupedCsv.ms)}, peak RSS growth ${r.groupedCsv.rssGrowthMb.toFixed(0)} MB`);
    say(`PDF (30 days): p50 ${r.pdf.p50.toFixed(0)} ms, max ${r.pdf.max.toFixed(0)} ms (first: by end user, 200 rows over pages), ${(r.pdf.bytes / 1024).toFixed(0)} KB`);
    return { kind, ...r };
  } finally {
    if (kind === "postgres") stopPg();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

say(`tollgate activity bench ${STAMP}  node ${process.version}  ${os.cpus().length} cores  load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}  generations ${generations}`);
const results = [];
try {
  for (const kind of dbs) results.push(benchDatabase(kind));
} catch (error) {
  say(String(error?.stack ?? error));
  stopPg();
  process.exit(1);
}
say("\ntargets:");
for (const r of results) {
  const rows = [
    [`30-day chart p50 <= ${TARGETS.chartP50Ms} ms`, `${r.report30d.p50.toFixed(1)} ms`, r.report30d.p50 <= TARGETS.chartP50Ms],
    [`CSV of ${r.rawCsv.rows.toLocaleString("en")} rows <= ${TARGETS.csvSeconds} s`, `${(r.rawCsv.ms / 1000).toFixed(1)} s`, r.rawCsv.ms <= TARGETS.csvSeconds * 1000],
    [`CSV peak RSS growth <= ${TARGETS.csvRssMb} MB`, `${r.rawCsv.rssGrowthMb.toFixed(0)} MB`, r.rawCsv.rssGrowthMb <= TARGETS.csvRssMb],
    [`PDF <= ${TARGETS.pdfSeconds} s`, `${(r.pdf.max / 1000).toFixed(2)} s`, r.pdf.max <= TARGETS.pdfSeconds * 1000],
  ];
  for (const [what, value, met] of rows) say(`  ${r.kind.padEnd(9)} ${what.padEnd(40)} ${value.padStart(10)}  ${met ? "MET" : "MISSED"}`);
}
say(`load average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
writeFileSync(join(RESULTS, `activity-${STAMP}.json`), JSON.stringify({ stamp: STAMP, generations, results }, null, 2));
say(`\nresults: ${TXT}`);
