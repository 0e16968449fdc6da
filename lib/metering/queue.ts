// The metering queue: every generation record is journaled (./journal.ts, one synchronous write, so
// a crash after the answer left loses nothing) and queued in memory; the queue is written in one
// batch (./batch.ts) every FLUSH_INTERVAL_MS or MAX_BATCH records. A graceful shutdown flushes it.
// What is queued and not yet written is readable here (GET /generation, key usage, the pool balance).
import { commitBatch, SINKS } from "./batch";
import { appendToJournal, journalDir, journalLine, openJournal, orphanedSegments, removeSegment, rotateJournal, trimJournal } from "./journal";
import { hasUnsafeText, safeDeep, type GenerationRecord } from "./record";

export const FLUSH_INTERVAL_MS = 200;
export const MAX_BATCH = 500;
const RETRY_MS = 1000;

type State = { queue: GenerationRecord[]; timer?: NodeJS.Timeout; flushing: Promise<void> | null; byId: Map<string, GenerationRecord>; pendingByAccount: Map<string, bigint>; pendingByKey: Map<string, GenerationRecord[]> };
const g = globalThis as unknown as { __tollgateMetering?: State };
const state: State = (g.__tollgateMetering ??= { queue: [], flushing: null, byId: new Map(), pendingByAccount: new Map(), pendingByKey: new Map() });

/** Queues a generation record; durable (journaled) when this returns, if the journal is open. */
export function recordGeneration(input: GenerationRecord): void {
  for (const s of SINKS) s.onRecord?.(input);
  let record = input;
  let line = journalLine(record);
  // A string PostgreSQL refuses (NUL, a lone surrogate: from a client or a provider) would fail the batch.
  if (hasUnsafeText(line)) {
    record = safeDeep(record);
    line = journalLine(record);
  }
  appendToJournal(record, line);
  state.queue.push(record);
  state.byId.set(record.id, record);
  state.pendingByAccount.set(record.accountId, (state.pendingByAccount.get(record.accountId) ?? 0n) + record.costMicros);
  if (record.apiKeyId) {
    const list = state.pendingByKey.get(record.apiKeyId) ?? [];
    list.push(record);
    state.pendingByKey.set(record.apiKeyId, list);
  }
  if (state.queue.length >= MAX_BATCH) void flushMetering().catch(logFlushError);
  else schedule(FLUSH_INTERVAL_MS);
}

function schedule(ms: number) {
  if (state.timer) return;
  state.timer = setTimeout(() => void flushMetering().catch(logFlushError), ms);
  state.timer.unref?.();
}

function logFlushError(error: unknown) {
  console.error(`[metering] flush failed; ${state.queue.length} record(s) stay queued (and journaled) and are retried`, error);
  schedule(RETRY_MS);
}

/** A generation recorded by this process but not yet written (GET /generation reads it too). */
export function pendingGeneration(id: string): GenerationRecord | undefined {
  return state.byId.get(id);
}

/** Cost queued for an account and not yet debited from its pool. */
export function pendingAccountCost(accountId: string): bigint {
  return state.pendingByAccount.get(accountId) ?? 0n;
}

export function pendingKeyRecords(keyId: string): GenerationRecord[] {
  return state.pendingByKey.get(keyId) ?? [];
}

export function queuedCount(): number {
  return state.queue.length;
}

function forget(records: readonly GenerationRecord[]) {
  for (const r of records) {
    state.byId.delete(r.id);
    state.pendingByAccount.set(r.accountId, (state.pendingByAccount.get(r.accountId) ?? 0n) - r.costMicros);
    if (state.pendingByAccount.get(r.accountId) === 0n) state.pendingByAccount.delete(r.accountId);
    if (r.apiKeyId) {
      const rest = (state.pendingByKey.get(r.apiKeyId) ?? []).filter((x) => x !== r);
      if (rest.length) state.pendingByKey.set(r.apiKeyId, rest);
      else state.pendingByKey.delete(r.apiKeyId);
    }
  }
  trimJournal(records);
}

/** Writes everything queued. Concurrent calls wait for the same flush, then flush what came after. */
export async function flushMetering(): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
  while (state.flushing) await state.flushing;
  // An empty queue may still have a budget lease to give back (its last request was settled while another was in flight).
  if (state.queue.length === 0 && !SINKS.some((s) => s.needsFlush?.())) return;
  rotateJournal();
  const batch = state.queue.splice(0, MAX_BATCH);
  state.flushing = commitBatch(batch)
    .then((outcome) => {
      forget(outcome.done);
      if (outcome.requeue.length) {
        state.queue.unshift(...outcome.requeue); // nothing accepted is lost: retried on the next flush
        throw outcome.error;
      }
    })
    .finally(() => {
      state.flushing = null;
    });
  await state.flushing;
  if (state.queue.length) await flushMetering();
}

/**
 * Server start: journal this process's records from now on, and write what processes of this host
 * that are gone left in their journals (answered, maybe not yet written). Idempotent: a record
 * already written is skipped, so a crash right after a commit bills nothing twice.
 */
export async function startMetering(dataDir: string): Promise<{ replayed: number; written: number; quarantined: number; torn: number }> {
  const dir = journalDir(dataDir);
  openJournal(dir);
  const total = { replayed: 0, written: 0, quarantined: 0, torn: 0 };
  for (const segment of orphanedSegments(dir)) {
    for (let i = 0; i < segment.records.length; i += MAX_BATCH) {
      const outcome = await commitBatch(segment.records.slice(i, i + MAX_BATCH));
      if (outcome.requeue.length) throw outcome.error; // the database is not there: the segment stays for the next start
      total.written += outcome.written;
      total.quarantined += outcome.quarantined;
    }
    total.replayed += segment.records.length;
    total.torn += segment.torn;
    removeSegment(segment.file);
  }
  if (total.replayed) console.log(`[metering] journal replay: ${total.replayed} record(s) of stopped processes, ${total.written} written now, ${total.replayed - total.written - total.quarantined} already written, ${total.quarantined} quarantined${total.torn ? `, ${total.torn} torn line(s) skipped` : ""}`);
  return total;
}
