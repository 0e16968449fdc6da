#!/usr/bin/env node
// npm run bench:gateway – the gateway's latency overhead and throughput against a fake OpenAI upstream,
// on embedded PGlite and on PostgreSQL, compared with calling the upstream directly (and with Portkey's
// open-source gateway with --portkey), plus a metering check: after the server stopped, the database
// holds exactly one generation record per request Tollgate answered.
//
//   npm run bench:gateway [-- --db pglite|postgres|both] [--portkey] [overhead.mjs flags:
//                          --duration 10 --rounds 3 --seq-requests 2000 --connections 32 --warmup 2]
//
// Per database: fresh database -> migrate -> bench/gateway-prepare.ts (catalog, provider `bench-upstream`
// -> the fake upstream, model `bench/echo`, user, inference key, credits) -> `scripts/serve.mjs` (what npm start runs) in its own
// session (setsid) -> bench/overhead.mjs (concurrent and sequential, targets alternated each round) ->
// SIGTERM to the server's process group (it flushes its metering queue) -> bench/gateway-count.ts.
// Output: bench/results/gateway-<UTC stamp>.{txt,json}. Exits 0 when targets are missed (a benchmark,
// not a test); 1 when the bench itself could not run.
// Env: BENCH_PORTS (3500-3599), PGPORT (55500), BENCH_SERVER_NODE_ARGS (node flags for the server, e.g. --cpu-prof), PORTKEY_DIR (/tmp/portkey-run), PORTKEY_VERSION (1.15.2).
import { spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIfStale } from "../scripts/build-if-stale.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const TARGETS = { seqOverheadMs: 1.5, concurrentRps: 1000, journalUsPerRecord: 50 };
const PORTKEY_VERSION = process.env.PORTKEY_VERSION ?? "1.15.2";
const PORTKEY_DIR = process.env.PORTKEY_DIR ?? "/tmp/portkey-run";
const PGPORT = process.env.PGPORT ?? "55500";
const [PORT_FROM, PORT_TO] = (process.env.BENCH_PORTS ?? "3500-3599").split("-").map(Number);

// ---- arguments -----------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const opts = { dbs: ["pglite", "postgres"], portkey: false, runnerArgs: [] };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--portkey") opts.portkey = true;
  else if (a === "--db") {
    const v = argv[++i];
    opts.dbs = v === "both" ? ["pglite", "postgres"] : v.split(",");
    if (!opts.dbs.every((d) => d === "pglite" || d === "postgres")) throw new Error(`--db takes pglite, postgres or both, not ${v}`);
  } else if (a === "-h" || a === "--help") {
    console.log(readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1, 17).map((l) => l.replace(/^\/\/ ?/, "")).join("\n"));
    process.exit(0);
  } else opts.runnerArgs.push(a); // --duration 5, --rounds=5, …: passed on to overhead.mjs
}

// ---- output: everything printed also goes to the .txt ----------------------------------------------
const STAMP = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
const RESULTS = join(ROOT, "bench", "results");
mkdirSync(RESULTS, { recursive: true });
const TXT = join(RESULTS, `gateway-${STAMP}.txt`);
const JSON_OUT = join(RESULTS, `gateway-${STAMP}.json`);
const LOGS = mkdtempSync(join(os.tmpdir(), "tollgate-bench-"));
writeFileSync(TXT, "");
const out = (text) => {
  process.stdout.write(text);
  appendFileSync(TXT, text);
};
const say = (line = "") => out(`${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- processes: each server in its own session (setsid), stopped by process group ------------------
const groups = new Map(); // pgid -> { name, exited }

function startGroup(name, args, env) {
  const logFile = join(LOGS, `${name}.log`);
  const fd = openSync(logFile, "a");
  // detached = setsid(2): the child leads a new session and process group, pgid = its pid.
  const child = spawn(process.execPath, args, { cwd: ROOT, env, detached: true, stdio: ["ignore", fd, fd] });
  const exited = new Promise((r) => child.on("exit", (code, signal) => r({ code, signal })));
  groups.set(child.pid, { name, exited });
  return { name, pgid: child.pid, exited, logFile };
}

const groupAlive = (pgid) => {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
};

/** SIGTERM to the group, wait until every process of it is gone (KILL after `graceMs`). */
async function stopGroup(pgid, graceMs = 30_000) {
  const g = groups.get(pgid);
  if (!g) return null;
  try {
    process.kill(-pgid, "SIGTERM");
  } catch {
    /* already gone */
  }
  const deadline = Date.now() + graceMs;
  while (groupAlive(pgid) && Date.now() < deadline) await sleep(50);
  let killed = false;
  if (groupAlive(pgid)) {
    killed = true;
    try {
      process.kill(-pgid, "SIGKILL");
    } catch {
      /* gone meanwhile */
    }
  }
  const status = await g.exited;
  groups.delete(pgid);
  return { ...status, killed };
}

let pgStarted = false;
async function cleanup() {
  for (const pgid of [...groups.keys()]) await stopGroup(pgid, 5_000);
  if (pgStarted) {
    spawnSync("bash", [join(ROOT, "scripts", "pg-throwaway.sh"), "stop"], { env: { ...process.env, PGPORT } });
    pgStarted = false;
  }
}
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    say(`\n${signal}: stopping everything this bench started`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---- helpers -----------------------------------------------------------------------------------
const usedPorts = new Set();
async function freePort() {
  for (let port = PORT_FROM; port <= PORT_TO; port++) {
    if (usedPorts.has(port)) continue;
    const ok = await new Promise((r) => {
      const s = net.createServer().once("error", () => r(false)).listen(port, "127.0.0.1", () => s.close(() => r(true)));
    });
    if (ok) {
      usedPorts.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${PORT_FROM}-${PORT_TO} (BENCH_PORTS)`);
}

async function waitHttp(url, { exited, ok = (res) => res.ok, timeoutMs = 90_000 } = {}) {
  let gone = false;
  exited?.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !gone) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (ok(res)) return;
    } catch {
      /* not yet */
    }
    await sleep(200);
  }
  throw new Error(gone ? `the process serving ${url} exited` : `no answer from ${url} within ${timeoutMs / 1000} s`);
}

/** Runs a node script to completion; returns stdout; throws with its output on failure. */
function runNode(args, env, label) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

const marker = (stdout, name) => {
  const line = stdout.split("\n").find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no ${name} line in:\n${stdout}`);
  return JSON.parse(line.slice(name.length + 1));
};

const upstreamHealth = async (port) => (await fetch(`http://127.0.0.1:${port}/health`)).json();

const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "-");
const pad = (s, n) => String(s).padStart(n);

// ---- Portkey (--portkey): installed outside the repo like the shared harness's run-portkey.sh -------
function ensurePortkey() {
  const pkg = join(PORTKEY_DIR, "node_modules", "@portkey-ai", "gateway", "package.json");
  if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).version === PORTKEY_VERSION) return;
  say(`installing @portkey-ai/gateway@${PORTKEY_VERSION} into ${PORTKEY_DIR} …`);
  mkdirSync(PORTKEY_DIR, { recursive: true });
  if (!existsSync(join(PORTKEY_DIR, "package.json"))) writeFileSync(join(PORTKEY_DIR, "package.json"), JSON.stringify({ name: "portkey-run", private: true }));
  const r = spawnSync("npm", ["install", "--no-audit", "--no-fund", `@portkey-ai/gateway@${PORTKEY_VERSION}`], { cwd: PORTKEY_DIR, stdio: "inherit" });
  if (r.status !== 0) throw new Error("npm install of Portkey failed");
}

async function startPortkey(upstreamPort) {
  ensurePortkey();
  const port = await freePort();
  const entry = join(PORTKEY_DIR, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js");
  const server = startGroup("portkey", [entry, "--headless", `--port=${port}`], { ...process.env });
  await waitHttp(`http://127.0.0.1:${port}/`, { exited: server.exited, ok: () => true });
  const headers = { "x-portkey-provider": "openai", "x-portkey-custom-host": `http://127.0.0.1:${upstreamPort}/v1`, authorization: "Bearer sk-anything" };
  // Portkey must really reach the fake upstream.
  const before = (await upstreamHealth(upstreamPort)).served;
  const res = await fetch(`http://127.0.0.1:${port}/v1/chat/completions`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify(BODY) });
  const text = await res.text();
  const after = (await upstreamHealth(upstreamPort)).served;
  if (!res.ok || after !== before + 1) throw new Error(`Portkey did not forward to the fake upstream: HTTP ${res.status} ${text.slice(0, 200)}`);
  const version = JSON.parse(readFileSync(join(PORTKEY_DIR, "node_modules", "@portkey-ai", "gateway", "package.json"), "utf8")).version;
  say(`portkey ${version} on :${port} (pgid ${server.pgid}) forwards to the fake upstream`);
  return { port, headers, version, pgid: server.pgid };
}

// ---- one database ----------------------------------------------------------------------------------
const BODY = { model: "bench/echo", messages: [{ role: "user", content: "Say hello." }], max_tokens: 16 };

async function prepareDatabase(kind) {
  const dataDir = mkdtempSync(join(os.tmpdir(), `tollgate-bench-${kind}-`)); // PGlite's folder, or only secrets.json
  let databaseUrl = "";
  if (kind === "postgres") {
    const r = spawnSync("bash", [join(ROOT, "scripts", "pg-throwaway.sh"), "start"], { cwd: ROOT, env: { ...process.env, PGPORT }, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`could not start PostgreSQL (scripts/pg-throwaway.sh, PGPORT=${PGPORT}):\n${r.stdout}${r.stderr}`);
    pgStarted = true;
    const serverUrl = r.stdout.trim().split("\n").pop();
    databaseUrl = runNode([join(ROOT, "scripts", "pg-create-db.mjs"), serverUrl, "tollgate_bench"], process.env, "pg-create-db").trim();
  }
  // DATABASE_URL="" (not unset) so that a developer's .env cannot point the PGlite run at PostgreSQL.
  // The fake upstream is a custom provider on loopback, which the outbound policy refuses unless allowlisted.
  const env = { ...process.env, TOLLGATE_DATA_DIR: dataDir, DATABASE_URL: databaseUrl, TOLLGATE_OUTBOUND_ALLOW: "127.0.0.1" };
  runNode([TSX, join(ROOT, "scripts", "db-migrate.ts")], env, "npm run db:migrate");
  return { env, dataDir };
}

/** user + system CPU time (ms) of every live process that `takes` (pid, ppid, pgrp), from /proc (Linux). */
function cpuMs(takes) {
  const ticks = 100; // USER_HZ
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (!takes(Number(entry), Number(fields[1]), Number(fields[2]))) continue; // fields 4, 5: ppid, pgrp
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks; // fields 14, 15: utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

/** CPU of every live process in a process group. */
const groupCpuMs = (pgid) => cpuMs((_pid, _ppid, pgrp) => pgrp === pgid);
/** CPU of a postmaster and its live children (each backend runs in a session of its own). */
const postgresCpuMs = (postmaster) => cpuMs((pid, ppid) => pid === postmaster || ppid === postmaster);

/** The throwaway PostgreSQL's postmaster pid, or null. */
function postmasterPid() {
  try {
    return Number(readFileSync(`/tmp/tollgate-pg-${PGPORT}/data/postmaster.pid`, "utf8").split("\n")[0].trim());
  } catch {
    return null;
  }
}

async function benchDatabase(kind, upstreamPort, portkey) {
  say(`\n################ ${kind === "pglite" ? "embedded PGlite" : "PostgreSQL"} ################`);
  const { env, dataDir } = await prepareDatabase(kind);
  try {
    const prepared = marker(runNode([TSX, join(ROOT, "bench", "gateway-prepare.ts"), `http://127.0.0.1:${upstreamPort}/v1`], env, "bench/gateway-prepare.ts"), "BENCH_PREPARED");
    const port = await freePort();
    const serverEnv = { ...env, PORT: String(port), NEXTAUTH_URL: `http://127.0.0.1:${port}`, NEXT_MANUAL_SIG_HANDLE: "1", NODE_ENV: "production" };
    const server = startGroup(`tollgate-${kind}`, [...(process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean), join(ROOT, "scripts", "serve.mjs"), "--port", String(port), "--hostname", "127.0.0.1"], serverEnv);
    const url = `http://127.0.0.1:${port}/api/v1/chat/completions`;
    let runner, verify, served, stopped, serverCpu;
    try {
      await waitHttp(`http://127.0.0.1:${port}/api/health`, { exited: server.exited });
      say(`tollgate on :${port} (pgid ${server.pgid}), database ${kind}, data ${dataDir}`);
      // One request by hand: Tollgate must answer 200 through the fake upstream (counted per model there).
      const before = (await upstreamHealth(upstreamPort)).by_model[prepared.upstreamModel] ?? 0;
      const res = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${prepared.key}`, "content-type": "application/json" }, body: JSON.stringify(BODY) });
      const answer = await res.json().catch(() => null);
      const after = (await upstreamHealth(upstreamPort)).by_model[prepared.upstreamModel] ?? 0;
      if (res.status !== 200 || after !== before + 1 || !Array.isArray(answer?.choices)) {
        throw new Error(`Tollgate did not answer through the fake upstream: HTTP ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
      }
      verify = { ok: 1, costUsd: answer.usage?.cost };
      say(`verify: HTTP 200 via bench-upstream, usage.cost $${answer.usage?.cost}, x-generation-id ${res.headers.get("x-generation-id")}`);

      const cpuBefore = groupCpuMs(server.pgid);
      const pgPid = kind === "postgres" ? postmasterPid() : null;
      const pgCpuBefore = pgPid ? postgresCpuMs(pgPid) : 0;
      const portkeyCpuBefore = portkey ? groupCpuMs(portkey.pgid) : 0;
      const bodyFile = join(LOGS, "body.json");
      writeFileSync(bodyFile, JSON.stringify(BODY));
      const runnerOut = join(LOGS, `overhead-${kind}.json`);
      const targets = [
        "--target", `direct=http://127.0.0.1:${upstreamPort}/v1/chat/completions`,
        "--target", `tollgate=${url}@{"authorization":"Bearer \${TOLLGATE_BENCH_KEY}"}`,
        ...(portkey ? ["--target", `portkey=http://127.0.0.1:${portkey.port}/v1/chat/completions@${JSON.stringify(portkey.headers)}`] : []),
      ];
      const code = await new Promise((resolveRun) => {
        const child = spawn(process.execPath, [join(ROOT, "bench", "overhead.mjs"), ...targets, "--mode", "both", "--body", bodyFile, "--out", runnerOut, ...opts.runnerArgs], {
          cwd: ROOT, env: { ...process.env, TOLLGATE_BENCH_KEY: prepared.key }, stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout.on("data", (d) => out(d.toString()));
        child.stderr.on("data", (d) => out(d.toString()));
        child.on("exit", (c) => resolveRun(c));
      });
      if (code !== 0) throw new Error(`overhead.mjs failed (exit ${code})`);
      runner = JSON.parse(readFileSync(runnerOut, "utf8"));
      // The upstream serves every database's run: count what it served during this one.
      served = ((await upstreamHealth(upstreamPort)).by_model[prepared.upstreamModel] ?? 0) - before;
      // CPU the server spent per answered request (user + system, every process of its group): a figure
      // that, unlike req/s, hardly depends on what else the machine is running.
      const cpuMs = groupCpuMs(server.pgid) - cpuBefore;
      serverCpu = { cpuMs, requests: served - 1, perRequestMs: cpuMs / Math.max(1, served - 1) };
      say(`server CPU: ${f(cpuMs / 1000, 1)} s for ${served - 1} requests = ${f(serverCpu.perRequestMs, 3)} ms per request (user+sys, metering included)`);
      if (pgPid) {
        // The database server's share, on the same cores (metering batches, lease growth).
        const ms = postgresCpuMs(pgPid) - pgCpuBefore;
        serverCpu.postgres = { cpuMs: ms, perRequestMs: ms / Math.max(1, served - 1) };
        say(`PostgreSQL server CPU: ${f(ms / 1000, 1)} s = ${f(serverCpu.postgres.perRequestMs, 3)} ms per Tollgate request`);
      }
      if (portkey) {
        const ms = groupCpuMs(portkey.pgid) - portkeyCpuBefore;
        const requests = runner.answered.portkey?.ok ?? 0;
        serverCpu.portkey = { cpuMs: ms, requests, perRequestMs: ms / Math.max(1, requests) };
        say(`portkey CPU: ${f(ms / 1000, 1)} s for ${requests} requests = ${f(serverCpu.portkey.perRequestMs, 3)} ms per request`);
      }
    } finally {
      stopped = await stopGroup(server.pgid);
    }
    say(`tollgate stopped: ${stopped.killed ? "KILLED after 30 s (no clean shutdown)" : `exit ${stopped.code ?? stopped.signal}`}`);
    const log = readFileSync(server.logFile, "utf8");
    const errorLines = log.split("\n").filter((l) => /error|failed|unhandled/i.test(l));
    if (errorLines.length) say(`server log: ${errorLines.length} error line(s), first: ${errorLines[0].slice(0, 200)} (${server.logFile})`);

    const counted = marker(runNode([TSX, join(ROOT, "bench", "gateway-count.ts"), prepared.accountId], env, "bench/gateway-count.ts"), "BENCH_COUNT");
    const t = runner.answered.tollgate;
    const answered2xx = t.ok + verify.ok;
    const check = {
      records: counted.total,
      records200: counted.statuses["200"] ?? 0,
      statuses: counted.statuses,
      answered2xx,
      non2xx: t.non2xx,
      errors: t.errors,
      upstreamServed: served,
      cleanShutdown: !stopped.killed && stopped.code === 0,
      // Debits: the credit pool went down by exactly the cost of the records.
      creditsConsistent: BigInt(counted.balanceMicros) === 10_000_000_000n - BigInt(counted.costMicros),
      costMicros: counted.costMicros,
      // Budget leases: given back at shutdown, nothing held.
      nothingHeld: counted.reservedMicros === "0" && counted.holds === 0,
    };
    check.pass = check.records === answered2xx && check.records200 === answered2xx && check.upstreamServed === answered2xx && check.creditsConsistent && check.nothingHeld;
    say(
      `metering check: ${check.records} generation records (statuses ${JSON.stringify(check.statuses)}) vs ${answered2xx} 2xx answered by Tollgate ` +
        `(upstream served ${served} for it; ${t.non2xx} non-2xx, ${t.errors} errors); credit pool debited ${check.creditsConsistent ? "exactly" : "NOT exactly"} the records' cost ` +
        `($${f(Number(check.costMicros) / 1e6, 6)}), ${check.nothingHeld ? "nothing held" : `STILL HELD: ${counted.reservedMicros} µ$ in ${counted.holds} hold(s)`} after shutdown => ${check.pass ? "PASS" : "FAIL"}`,
    );
    return { kind, runner, check, serverCpu, log: server.logFile };
  } finally {
    if (kind === "postgres" && pgStarted) {
      spawnSync("bash", [join(ROOT, "scripts", "pg-throwaway.sh"), "stop"], { env: { ...process.env, PGPORT } });
      pgStarted = false;
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---- summary -------------------------------------------------------------------------------------
function summarise(results, portkey, journal) {
  say("\n================ summary (medians across rounds) ================");
  say(`${"database".padEnd(10)}${"mode".padEnd(12)}${"target".padEnd(10)}${pad("req/s", 8)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("err", 5)}${pad("non2xx", 7)} |${pad("Δp50 ms", 9)}${pad("Δp99 ms", 9)}${pad("ratio", 7)}`);
  for (const r of results) {
    for (const mode of ["concurrent", "sequential"]) {
      const summary = r.runner[mode]?.summary;
      if (!summary) continue;
      for (const [name, s] of Object.entries(summary)) {
        const base = name === "direct";
        say(
          `${r.kind.padEnd(10)}${mode.padEnd(12)}${name.padEnd(10)}${pad(f(s.rps, 0), 8)}${pad(f(s.p50, 3), 9)}${pad(f(s.p99, 3), 9)}${pad(s.errors, 5)}${pad(s.non2xx, 7)} |` +
            (base ? "  (baseline)" : `${pad(f(s.overhead.p50_ms, 3), 9)}${pad(f(s.overhead.p99_ms, 3), 9)}${pad(f(s.overhead.rps_ratio, 3), 7)}`),
        );
      }
    }
  }
  say("\ntargets (Tollgate):");
  const verdicts = [];
  for (const r of results) {
    const seq = r.runner.sequential?.summary?.tollgate;
    const con = r.runner.concurrent?.summary?.tollgate;
    const t = r.runner.answered.tollgate;
    const rows = [
      [`sequential median overhead <= ${TARGETS.seqOverheadMs} ms`, seq ? `${f(seq.overhead.p50_ms, 3)} ms` : "-", seq && seq.overhead.p50_ms <= TARGETS.seqOverheadMs],
      [`>= ${TARGETS.concurrentRps} req/s at ${r.runner.options.connections} connections`, con ? `${f(con.rps, 0)} req/s` : "-", con && con.rps >= TARGETS.concurrentRps],
      ["zero errors (all runs, warmups included)", `${t.errors} errors, ${t.non2xx} non-2xx`, t.errors === 0 && t.non2xx === 0],
      ["generation records == requests answered", `${r.check.records} == ${r.check.answered2xx}`, r.check.pass],
    ];
    for (const [what, value, met] of rows) {
      verdicts.push(Boolean(met));
      say(`  ${r.kind.padEnd(9)} ${what.padEnd(46)} ${value.padStart(22)}  ${met ? "MET" : "MISSED"}`);
    }
  }
  say("\nserver CPU per answered request (user+sys, sequential and concurrent runs together, metering included):");
  for (const r of results) {
    if (!r.serverCpu) continue;
    const pk = r.serverCpu.portkey;
    const pg = r.serverCpu.postgres ? ` + PostgreSQL ${f(r.serverCpu.postgres.perRequestMs, 3)} ms` : "";
    say(`  ${r.kind.padEnd(9)} tollgate ${f(r.serverCpu.perRequestMs, 3)} ms${pg} (${f(r.serverCpu.cpuMs / 1000, 1)} s / ${r.serverCpu.requests} requests)${pk ? `   portkey ${f(pk.perRequestMs, 3)} ms (${f(pk.cpuMs / 1000, 1)} s / ${pk.requests})` : ""}`);
  }
  if (journal) {
    const met = journal.perRecordUs < TARGETS.journalUsPerRecord;
    say(`\nmetering journal (bench/journal-cost.ts, ${journal.records} records of ${journal.bytesPerRecord} bytes): ${f(journal.perRecordUs, 1)} µs CPU per record (${f(journal.wallPerRecordUs, 1)} µs wall), target < ${TARGETS.journalUsPerRecord} µs  ${met ? "MET" : "MISSED"}`);
    say("  included in the server CPU per request above: the server journals every record before its answer leaves");
  }
  if (portkey) say(`\nPortkey ${portkey.version} ran against the same upstream in the same rounds (targets alternated).`);
  say(`load average at the end: ${os.loadavg().map((x) => x.toFixed(2)).join(" ")} (${os.cpus().length} cores shared with everything else)`);
  return verdicts.every(Boolean);
}

// ---- main ----------------------------------------------------------------------------------------
async function main() {
  say(`tollgate gateway bench ${STAMP}  node ${process.version}  ${os.cpus().length} cores  load ${os.loadavg().map((x) => x.toFixed(2)).join(" ")}`);
  say(`databases: ${opts.dbs.join(", ")}${opts.portkey ? "  + Portkey" : ""}  runner flags: ${opts.runnerArgs.join(" ") || "(defaults)"}  logs: ${LOGS}`);
  if (!buildIfStale(ROOT, say)) throw new Error("next build failed");
  const upstreamPort = await freePort();
  const upstream = startGroup("upstream", [join(ROOT, "bench", "fake-upstream.mjs")], { ...process.env, PORT: String(upstreamPort), HOST: "127.0.0.1" });
  await waitHttp(`http://127.0.0.1:${upstreamPort}/health`, { exited: upstream.exited });
  say(`fake upstream on :${upstreamPort} (pgid ${upstream.pgid})`);
  const portkey = opts.portkey ? await startPortkey(upstreamPort) : null;
  const results = [];
  for (const kind of opts.dbs) results.push(await benchDatabase(kind, upstreamPort, portkey));
  await cleanup();
  const journal = marker(runNode([TSX, join(ROOT, "bench", "journal-cost.ts")], process.env, "journal-cost"), "journal");
  const allMet = summarise(results, portkey, journal) && journal.perRecordUs < TARGETS.journalUsPerRecord;
  say(allMet ? "\nall targets met" : "\nsome targets missed (a benchmark: exit code 0 all the same)");
  writeFileSync(
    JSON_OUT,
    JSON.stringify({ stamp: STAMP, node: process.version, cores: os.cpus().length, loadavgEnd: os.loadavg(), targets: TARGETS, portkey: portkey?.version ?? null, allMet, journal, results }, null, 2),
  );
  say(`results: ${TXT.replace(`${ROOT}/`, "")} and ${JSON_OUT.replace(`${ROOT}/`, "")}`);
}

main().then(
  () => process.exit(0),
  async (error) => {
    say(`\nbench:gateway failed: ${error.message}`);
    await cleanup();
    process.exit(1);
  },
);
