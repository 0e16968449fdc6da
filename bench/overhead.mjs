#!/usr/bin/env node
// Gateway latency-overhead benchmark: same load on each target, alternated A B A B ..., medians across rounds.
//
//   node overhead.mjs --target direct=http://127.0.0.1:9100/v1/chat/completions \
//                     --target portkey=http://127.0.0.1:8787/v1/chat/completions@portkey-headers.json \
//                     [--mode concurrent|sequential|both] [--connections 32] [--duration 10 | --amount N]
//                     [--rounds 3] [--seq-requests 2000] [--warmup 2] [--baseline direct]
//                     [--body body.json] [--config bench.json] [--out results.json]
//
// A target is NAME=URL[@HEADERS], HEADERS = path to a JSON object file or inline JSON ({"authorization":"Bearer ${KEY}"}).
// "${VAR}" in header values is replaced from the environment, so keys need not be written to files.
// --config FILE takes the same options as JSON: {"targets":[{"name","url","headers"}], "connections":32, ...}.
// The first target is the baseline (the direct upstream) unless --baseline says otherwise.
// --warmup S: untimed load per target before the concurrent rounds (sequential mode warms with 500 requests).
// Latencies are taken per response at sub-ms resolution; req/s = 2xx answers / (first request sent -> last answer).
//
// Vendored from the shared gateway bench harness (overhead.mjs) for `npm run bench:gateway`. Two changes:
// - a timed run drains: when --duration is up, no new request is sent and the ones in flight are
//   answered (autocannon itself cuts them off up to a second later), so every request a gateway
//   received is also counted here; the latency and req/s method is unchanged.
// - every answer per target (preflight, warmups and timed runs) is tallied in the --out JSON
//   (`answered`), so the caller can compare a gateway's own records with what it answered.
import { readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';

const DEFAULTS = {
  mode: 'concurrent', connections: 32, duration: 10, amount: 0, rounds: 3,
  seqRequests: 2000, warmup: 2, baseline: null, out: null, targets: [],
  body: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello.' }], max_tokens: 16 },
};
const USAGE = readFileSync(new URL(import.meta.url), 'utf8').split('\n').slice(1, 15).map((l) => l.replace(/^\/\/ ?/, '')).join('\n');

const expandEnv = (v) => String(v).replace(/\$\{(\w+)\}/g, (_, k) => {
  if (process.env[k] === undefined) throw new Error(`header refers to unset env var ${k}`);
  return process.env[k];
});
const loadJson = (spec) => JSON.parse(spec.trim().startsWith('{') ? spec : readFileSync(spec, 'utf8'));

function parseTarget(spec) {
  const eq = spec.indexOf('=');
  if (eq < 1) throw new Error(`bad --target "${spec}" (want NAME=URL[@HEADERS])`);
  const name = spec.slice(0, eq);
  let url = spec.slice(eq + 1), headers = {};
  const at = url.indexOf('@', url.indexOf('://') + 3); // first '@' after the scheme
  if (at > 0) { headers = loadJson(url.slice(at + 1)); url = url.slice(0, at); }
  return { name, url, headers };
}

function parseArgs(argv) {
  const o = { ...DEFAULTS, targets: [] };
  const cli = { targets: [] };
  const camel = (s) => s.replace(/-(\w)/g, (_, c) => c.toUpperCase());
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') { console.log(USAGE); process.exit(0); }
    if (!a.startsWith('--')) throw new Error(`unexpected argument ${a}`);
    let [k, v] = a.slice(2).split(/=(.*)/s);
    if (v === undefined) v = argv[++i];
    if (k === 'target') cli.targets.push(parseTarget(v));
    else if (k === 'config') Object.assign(o, loadJson(v));
    else if (k === 'body') cli.body = loadJson(v);
    else cli[camel(k)] = v;
  }
  const targets = cli.targets.length ? cli.targets : o.targets;
  Object.assign(o, cli, { targets });
  for (const k of ['connections', 'duration', 'amount', 'rounds', 'seqRequests', 'warmup']) o[k] = Number(o[k]);
  if (o.targets.length < 1) throw new Error('give at least one --target (see --help)');
  for (const t of o.targets) {
    t.headers = Object.fromEntries(Object.entries(t.headers || {}).map(([k, v]) => [k.toLowerCase(), expandEnv(v)]));
    t.headers['content-type'] ||= 'application/json';
  }
  o.baseline ||= o.targets[0].name;
  if (!o.targets.some((t) => t.name === o.baseline)) throw new Error(`baseline ${o.baseline} is not a target`);
  if (!['concurrent', 'sequential', 'both'].includes(o.mode)) throw new Error(`bad --mode ${o.mode}`);
  return o;
}

// ---- stats -------------------------------------------------------------------------------------
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
function pct(sorted, p) { // nearest-rank percentile on a sorted Float64Array
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// ---- one load run (autocannon; latencies kept ourselves at sub-ms resolution) ------------------
const answered = {}; // per target: every answer, warmups and preflight included
const tally = (name) => (answered[name] ??= { ok: 0, non2xx: 0, errors: 0 });

function load(target, body, { connections, duration, amount }) {
  return new Promise((resolve, reject) => {
    const lat = [];
    let first = Infinity, last = 0; // start of the first timed request, end of the last one
    const clients = [];
    // Timed runs drain: autocannon would cut off what is in flight; instead stop sending when the time
    // is up (each client's request cap = what it has sent) and let the last answers arrive.
    const drain = amount > 0 ? null : setTimeout(() => { for (const c of clients) c.responseMax = c.reqsMade; }, duration * 1000);
    const inst = autocannon({
      url: target.url, method: 'POST', headers: target.headers, body,
      connections, pipelining: 1, ...(amount > 0 ? { amount } : { duration: duration + 60 }), timeout: 10,
      setupClient: (c) => clients.push(c),
    }, (err, r) => {
      clearTimeout(drain);
      if (err) return reject(err);
      const t = tally(target.name);
      t.non2xx += r.non2xx; t.errors += r.errors;
      const secs = (last - first) / 1000;
      const s = Float64Array.from(lat).sort();
      resolve({
        ok: s.length, rps: s.length / secs, // 2xx responses per second, first request sent -> last answer
        p50: pct(s, 50), p90: pct(s, 90), p99: pct(s, 99), mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
        errors: r.errors, timeouts: r.timeouts, non2xx: r.non2xx, total: r.requests.total,
      });
    });
    inst.on('response', (_c, status, _bytes, ms) => {
      const now = performance.now();
      if (now - ms < first) first = now - ms;
      last = now;
      if (status >= 200 && status < 300) { lat.push(ms); tally(target.name).ok++; }
    });
  });
}

async function preflight(t, body) {
  const res = await fetch(t.url, { method: 'POST', headers: t.headers, body })
    .catch((e) => { throw new Error(`preflight ${t.name} ${t.url}: ${e.cause?.code || e.message}`); });
  const text = await res.text();
  let ok = res.ok;
  try { ok &&= Array.isArray(JSON.parse(text).choices); } catch { ok = false; }
  if (!ok) throw new Error(`preflight ${t.name} ${t.url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  tally(t.name).ok++;
}

// ---- modes -------------------------------------------------------------------------------------
const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : '-');
const pad = (s, n) => String(s).padStart(n);

async function rounds(o, body, label, runOpts) {
  const res = Object.fromEntries(o.targets.map((t) => [t.name, []]));
  console.log(`\n== ${label}: ${o.targets.map((t) => t.name).join(' / ')}, ${o.rounds} rounds, alternated ==`);
  console.log(`${'round'.padEnd(6)}${'target'.padEnd(12)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p90 ms', 9)}${pad('p99 ms', 9)}${pad('mean ms', 9)}${pad('err', 6)}${pad('non2xx', 8)}`);
  for (let r = 1; r <= o.rounds; r++) {
    // alternate order each round (A B, B A, ...) so neither target always runs first
    const order = r % 2 ? o.targets : [...o.targets].reverse();
    for (const t of order) {
      const x = await load(t, body, runOpts);
      res[t.name].push(x);
      console.log(`${String(r).padEnd(6)}${t.name.padEnd(12)}${pad(f(x.rps, 0), 9)}${pad(f(x.p50, 3), 9)}${pad(f(x.p90, 3), 9)}${pad(f(x.p99, 3), 9)}${pad(f(x.mean, 3), 9)}${pad(x.errors + x.timeouts, 6)}${pad(x.non2xx, 8)}`);
    }
  }
  const summary = {};
  for (const t of o.targets) {
    const xs = res[t.name];
    summary[t.name] = {
      rps: median(xs.map((x) => x.rps)), p50: median(xs.map((x) => x.p50)), p90: median(xs.map((x) => x.p90)),
      p99: median(xs.map((x) => x.p99)), errors: xs.reduce((a, x) => a + x.errors + x.timeouts, 0),
      non2xx: xs.reduce((a, x) => a + x.non2xx, 0), requests: xs.reduce((a, x) => a + x.total, 0),
    };
  }
  const b = summary[o.baseline];
  console.log(`\n-- ${label}: medians across rounds; overhead vs ${o.baseline} --`);
  console.log(`${'target'.padEnd(12)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p90 ms', 9)}${pad('p99 ms', 9)}${pad('errors', 8)}${pad('non2xx', 8)} | ${pad('Δp50 ms', 9)}${pad('Δp99 ms', 9)}${pad('rps ratio', 10)}`);
  for (const t of o.targets) {
    const s = summary[t.name];
    s.overhead = { p50_ms: s.p50 - b.p50, p99_ms: s.p99 - b.p99, rps_ratio: s.rps / b.rps };
    const base = t.name === o.baseline;
    console.log(`${t.name.padEnd(12)}${pad(f(s.rps, 0), 9)}${pad(f(s.p50, 3), 9)}${pad(f(s.p90, 3), 9)}${pad(f(s.p99, 3), 9)}${pad(s.errors, 8)}${pad(s.non2xx, 8)} | ` +
      (base ? '(baseline)' : `${pad(f(s.overhead.p50_ms, 3), 9)}${pad(f(s.overhead.p99_ms, 3), 9)}${pad(f(s.overhead.rps_ratio, 3), 10)}`));
  }
  return { rounds: res, summary };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const body = JSON.stringify(o.body);
  const started = new Date().toISOString();
  console.log(`gateway overhead bench  ${started}  node ${process.version}  mode=${o.mode}  baseline=${o.baseline}`);
  for (const t of o.targets) { await preflight(t, body); console.log(`  ${t.name.padEnd(10)} ${t.url}  headers: ${Object.keys(t.headers).join(', ')}  [preflight ok]`); }
  const out = { started, node: process.version, options: { ...o, targets: o.targets.map((t) => ({ name: t.name, url: t.url })) } };

  if (o.mode !== 'sequential') {
    const runOpts = { connections: o.connections, duration: o.duration, amount: o.amount };
    if (o.warmup > 0) for (const t of o.targets) await load(t, body, { connections: o.connections, duration: o.warmup, amount: 0 });
    const what = o.amount > 0 ? `${o.amount} requests` : `${o.duration} s`;
    out.concurrent = await rounds(o, body, `concurrent (${o.connections} connections, ${what} per run)`, runOpts);
  }
  if (o.mode !== 'concurrent') {
    const runOpts = { connections: 1, amount: o.seqRequests, duration: 0 };
    if (o.warmup > 0) for (const t of o.targets) await load(t, body, { connections: 1, amount: 500, duration: 0 });
    out.sequential = await rounds(o, body, `sequential (1 connection, ${o.seqRequests} requests per run)`, runOpts);
    const b = out.sequential.summary[o.baseline];
    for (const t of o.targets) if (t.name !== o.baseline) {
      const s = out.sequential.summary[t.name];
      console.log(`   => ${t.name}: median per-request overhead ${f(s.p50 - b.p50, 3)} ms (p50 ${f(s.p50, 3)} vs ${f(b.p50, 3)} ms), p99 overhead ${f(s.p99 - b.p99, 3)} ms`);
    }
  }
  out.answered = answered;
  if (o.out) { writeFileSync(o.out, JSON.stringify(out, null, 2)); console.log(`\nresults written to ${o.out}`); }
}

main().catch((e) => { console.error('overhead.mjs:', e.message); process.exit(1); });
