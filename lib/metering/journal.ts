// The metering journal: every generation record is appended to a file of this process with one
// synchronous write(2) before its answer leaves (no fsync: the OS page cache outlives a SIGKILL or a
// crash of the process; only a power loss of the machine can lose what the OS had not yet written
// back, at most a few seconds). A segment is deleted once every record in it is committed (or
// quarantined); a new segment starts at each flush, so the files stay small.
//
// Files: <data dir>/metering-journal/<host>~<pid>~<start time>~<nonce>~<seq>.jsonl. At start, a
// process replays the segments of processes of this host that are gone (pid not live, or reused:
// lib/os/process-identity.ts), through the same batch writer, which is idempotent: a record whose
// generation row exists is skipped by every sink, so a record committed just before the crash is
// not billed twice. Several instances (PostgreSQL) each write their own files; two that replay the
// same dead segment at once still bill once (the generations insert conflicts on the id).
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { isLiveProcess, processStartTime } from "../os/process-identity";
import type { GenerationRecord } from "./record";

type Segment = { name: string; fd: number; pending: number; closed: boolean };
type State = { dir: string; prefix: string; seq: number; active: Segment | null; segments: Map<GenerationRecord, Segment> };
const g = globalThis as unknown as { __tollgateJournal?: State | null };

const HOST = hostname().replace(/[^A-Za-z0-9.-]/g, "_");

/** The segment a record was journaled in (kept beside the record, not on it). */
const journaled = () => g.__tollgateJournal?.segments;

export function journalDir(dataDir: string): string {
  return join(dataDir, "metering-journal");
}

/** Starts journaling this process's records into `dir` (the server does at start; tests that need it too). */
export function openJournal(dir: string): void {
  if (g.__tollgateJournal) return;
  mkdirSync(dir, { recursive: true });
  g.__tollgateJournal = { dir, prefix: `${HOST}~${process.pid}~${processStartTime() ?? "0"}~${randomBytes(4).toString("hex")}`, seq: 0, active: null, segments: new Map() };
}

export function isJournaling(): boolean {
  return Boolean(g.__tollgateJournal);
}

/** The record as one JSON line: bigints as "<digits>n" strings, dates as ISO text, the lease objects as the spend they settle. */
export function journalLine(record: GenerationRecord): string {
  const { leases, counterSpend: replayed, costMicros, upstreamCostMicros, ...rest } = record;
  const spend: Record<string, unknown>[] = [];
  for (const c of replayed ?? []) spend.push({ ...c, spent: `${c.spent}n` });
  for (const h of leases ?? []) spend.push({ leaseId: h.lease.id, counterKey: h.lease.counterKey, windowStart: h.lease.windowStart, spent: `${h.spent ?? 0n}n`, ...(h.countsByok === null ? { pool: true } : {}) });
  // No replacer function: the record's only bigints are these (a replacer doubled the cost of a line).
  return JSON.stringify({
    ...rest,
    costMicros: `${costMicros}n`,
    upstreamCostMicros: upstreamCostMicros === undefined || upstreamCostMicros === null ? upstreamCostMicros : `${upstreamCostMicros}n`,
    counterSpend: spend.length ? spend : undefined,
  }) + "\n";
}

const BIGINT = /^-?\d+n$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

export function parseJournalLine(line: string): GenerationRecord {
  const record = JSON.parse(line, (key, value) => {
    if (typeof value !== "string") return value;
    if (BIGINT.test(value) && (key === "costMicros" || key === "upstreamCostMicros" || key === "spent")) return BigInt(value.slice(0, -1));
    if (ISO.test(value) && (key === "createdAt" || key === "windowStart")) return new Date(value);
    return value;
  }) as GenerationRecord;
  if (typeof record?.id !== "string" || typeof record.accountId !== "string") throw new Error("not a generation record");
  return record;
}

/** Appends the record (one write). Without an open journal (tests, scripts) nothing happens. */
export function appendToJournal(record: GenerationRecord, line: string): void {
  const state = g.__tollgateJournal;
  if (!state) return;
  if (!state.active) {
    const name = `${state.prefix}~${(state.seq++).toString().padStart(6, "0")}.jsonl`;
    state.active = { name, fd: openSync(join(state.dir, name), "a", 0o600), pending: 0, closed: false };
  }
  writeSync(state.active.fd, line);
  state.active.pending++;
  state.segments.set(record, state.active);
}

/** A flush begins: records from now on go to a new segment, so that the older ones can be deleted once written. */
export function rotateJournal(): void {
  const state = g.__tollgateJournal;
  if (!state?.active) return;
  const segment = state.active;
  state.active = null;
  segment.closed = true;
  closeSync(segment.fd);
  if (segment.pending === 0) remove(state, segment);
}

/** These records are committed (or quarantined): segments with nothing left go. */
export function trimJournal(records: readonly GenerationRecord[]): void {
  const state = g.__tollgateJournal;
  const segments = journaled();
  if (!state || !segments) return;
  for (const record of records) {
    const segment = segments.get(record);
    if (!segment) continue;
    segments.delete(record);
    segment.pending--;
    if (segment.pending === 0 && segment.closed) remove(state, segment);
  }
}

function remove(state: State, segment: Segment) {
  rmSync(join(state.dir, segment.name), { force: true });
}

/** Stops journaling (after the last flush of a graceful shutdown: every segment is gone by then). */
export function closeJournal(): void {
  const state = g.__tollgateJournal;
  if (!state) return;
  if (state.active) closeSync(state.active.fd);
  g.__tollgateJournal = null;
}

type Orphan = { file: string; records: GenerationRecord[]; torn: number };

/** The segments of processes of this host that are gone, with their records (a torn last line is skipped: its answer never left). */
export function orphanedSegments(dir: string): Orphan[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".jsonl")).sort();
  } catch {
    return [];
  }
  const own = g.__tollgateJournal?.prefix;
  const orphans: Orphan[] = [];
  for (const name of names) {
    const [host, pid, startTime] = name.split("~");
    if (host !== HOST || (own && name.startsWith(own))) continue;
    if (isLiveProcess(Number(pid), startTime === "0" ? null : startTime)) continue;
    const records: GenerationRecord[] = [];
    let torn = 0;
    for (const line of readFileSync(join(dir, name), "utf8").split("\n")) {
      if (!line) continue;
      try {
        records.push(parseJournalLine(line));
      } catch {
        torn++;
      }
    }
    orphans.push({ file: join(dir, name), records, torn });
  }
  return orphans;
}

export function removeSegment(file: string): void {
  rmSync(file, { force: true });
}
