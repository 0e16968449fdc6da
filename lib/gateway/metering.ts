// Metering without a chain of synchronous writes per request: every generation record goes into an
// in-memory queue that is written in one transaction per batch (generations, the credit pool's
// debit and its ledger entry, endpoint health buckets) every FLUSH_INTERVAL_MS or MAX_BATCH records.
// A graceful shutdown flushes the queue. A crash (SIGKILL, power loss) loses what was not yet
// committed: the batch being written (at most MAX_BATCH) and what queued behind it. While the
// writer keeps up that is at most 2 × MAX_BATCH records, about FLUSH_INTERVAL_MS of traffic; the
// bound is tested in __tests__/metering-crash.int.test.ts.
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { settleBudgets, type LeasedRecord } from "../guardrails/budget-ledger";
import { applyLeaseSettlement, finishLeasedRecord, hasIdleLeases, planLeaseSettlement, type LeaseSettlement } from "../guardrails/budget-leases";
import { enqueueTraces } from "../broadcast/enqueue";
import { writeRollups } from "../activity/rollups";

export const FLUSH_INTERVAL_MS = 200;
export const MAX_BATCH = 500;
const BUCKET_MS = 5 * 60_000;
const MAX_SAMPLES = 200;

export type GenerationRecord = Omit<Prisma.GenerationCreateManyInput, "createdAt" | "apiKeyId"> & {
  id: string;
  apiKeyId: string | null;
  accountId: string;
  costMicros: bigint;
  createdAt: Date;
  health?: { endpointId: string; ok: boolean; latencyMs: number; ttftMs: number | null; outputTokens: number; generationMs: number | null }[];
};

type State = { queue: GenerationRecord[]; timer?: NodeJS.Timeout; flushing: Promise<void> | null; byId: Map<string, GenerationRecord>; pendingByAccount: Map<string, bigint>; pendingByKey: Map<string, GenerationRecord[]> };
const g = globalThis as unknown as { __tollgateMetering?: State };
const state: State = (g.__tollgateMetering ??= { queue: [], flushing: null, byId: new Map(), pendingByAccount: new Map(), pendingByKey: new Map() });

export function recordGeneration(record: GenerationRecord): void {
  if ((record as LeasedRecord).leases) finishLeasedRecord(record);
  state.queue.push(record);
  state.byId.set(record.id, record);
  state.pendingByAccount.set(record.accountId, (state.pendingByAccount.get(record.accountId) ?? 0n) + record.costMicros);
  if (record.apiKeyId) {
    const list = state.pendingByKey.get(record.apiKeyId) ?? [];
    list.push(record);
    state.pendingByKey.set(record.apiKeyId, list);
  }
  if (state.queue.length >= MAX_BATCH) void flushMetering().catch(logFlushError);
  else if (!state.timer) {
    state.timer = setTimeout(() => void flushMetering().catch(logFlushError), FLUSH_INTERVAL_MS);
    state.timer.unref?.();
  }
}

function logFlushError(error: unknown) {
  console.error("[metering] flush failed; the batch stays queued and is retried", error);
  if (!state.timer) {
    state.timer = setTimeout(() => void flushMetering().catch(logFlushError), 1000);
    state.timer.unref?.();
  }
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

/** Writes everything queued. Concurrent calls wait for the same flush, then flush what came after. */
export async function flushMetering(): Promise<void> {
  if (state.timer) clearTimeout(state.timer);
  state.timer = undefined;
  while (state.flushing) await state.flushing;
  // An empty queue may still have a budget lease to give back (its last request was settled while another was in flight).
  if (state.queue.length === 0 && !hasIdleLeases()) return;
  const batch = state.queue.splice(0, MAX_BATCH);
  const leases = planLeaseSettlement(batch);
  state.flushing = writeBatch(batch, leases)
    .then(() => {
      applyLeaseSettlement(leases);
      for (const r of batch) {
        state.byId.delete(r.id);
        state.pendingByAccount.set(r.accountId, (state.pendingByAccount.get(r.accountId) ?? 0n) - r.costMicros);
        if (state.pendingByAccount.get(r.accountId) === 0n) state.pendingByAccount.delete(r.accountId);
        if (r.apiKeyId) {
          const rest = (state.pendingByKey.get(r.apiKeyId) ?? []).filter((x) => x !== r);
          if (rest.length) state.pendingByKey.set(r.apiKeyId, rest);
          else state.pendingByKey.delete(r.apiKeyId);
        }
      }
    })
    .catch((error) => {
      state.queue.unshift(...batch); // nothing accepted is lost: retried on the next flush
      throw error;
    })
    .finally(() => {
      state.flushing = null;
    });
  await state.flushing;
  if (state.queue.length) await flushMetering();
}

// The generations insert is ONE statement with ONE parameter: the batch as a JSON array, expanded by
// jsonb_populate_recordset. Prisma's createMany spent ~0.6 ms of CPU per row on the server thread, and
// a multi-row VALUES list with ~30 bound parameters per row still ~1 ms per row (building the nested
// Prisma.sql fragments, then binding thousands of parameters); one JSON parameter costs a few µs per
// row in JSON.stringify plus the database's own parse, on PGlite and PostgreSQL alike.
const GENERATION_FIELDS = Object.values(Prisma.GenerationScalarFieldEnum);
/** Field -> column: the schema maps every Generation field to its snake_case name (checked by a test). */
export const generationColumn = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const GENERATION_COLUMNS = GENERATION_FIELDS.map(generationColumn);

/**
 * A record as the JSON object the INSERT expands: column names as keys; bigints as strings (exact);
 * what a record leaves `undefined` (requestBody and responseBody without prompt logging, …) is left
 * out, and the INSERT gives such a column its default (see insertStatement).
 */
export function generationJson(record: GenerationRecord): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (let i = 0; i < GENERATION_FIELDS.length; i++) {
    const value = (record as Record<string, unknown>)[GENERATION_FIELDS[i]];
    if (value === undefined) continue;
    row[GENERATION_COLUMNS[i]] = typeof value === "bigint" ? value.toString() : value;
  }
  return row;
}

// INSERT … SELECT cannot say DEFAULT, so a column that has a default gets COALESCE(value, default),
// with the default read once from the database's catalog (so a column added later is covered too).
const gInsert = globalThis as unknown as { __tollgateGenerationInsert?: Promise<string> };
function insertStatement(tx: Prisma.TransactionClient): Promise<string> {
  return (gInsert.__tollgateGenerationInsert ??= tx
    .$queryRaw<{ column_name: string; column_default: string | null }[]>`SELECT column_name, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'generations'`
    .then((rows) => {
      const defaults = new Map(rows.map((r) => [r.column_name, r.column_default]));
      const select = GENERATION_COLUMNS.map((c) => (defaults.get(c) ? `COALESCE(r.${c}, ${defaults.get(c)})` : `r.${c}`));
      return `INSERT INTO generations (${GENERATION_COLUMNS.join(", ")}) SELECT ${select.join(", ")} FROM jsonb_populate_recordset(NULL::generations, $1::jsonb) AS r ON CONFLICT DO NOTHING`;
    })
    .catch((error) => {
      gInsert.__tollgateGenerationInsert = undefined;
      throw error;
    }));
}

async function writeBatch(batch: GenerationRecord[], leases: LeaseSettlement): Promise<void> {
  const client = await db();
  const debits = new Map<string, { micros: bigint; requests: number }>();
  for (const r of batch) {
    if (r.costMicros <= 0n) continue;
    const d = debits.get(r.accountId) ?? { micros: 0n, requests: 0 };
    d.micros += r.costMicros;
    d.requests += 1;
    debits.set(r.accountId, d);
  }
  const buckets = new Map<string, { endpointId: string; start: Date; requests: number; errors: number; latencies: number[]; ttfts: number[]; outputTokens: number; generationMs: number }>();
  for (const r of batch) {
    for (const h of r.health ?? []) {
      const start = new Date(Math.floor(r.createdAt.getTime() / BUCKET_MS) * BUCKET_MS);
      const key = `${h.endpointId}|${start.getTime()}`;
      const b = buckets.get(key) ?? { endpointId: h.endpointId, start, requests: 0, errors: 0, latencies: [], ttfts: [], outputTokens: 0, generationMs: 0 };
      b.requests += 1;
      if (!h.ok) b.errors += 1;
      else {
        if (b.latencies.length < MAX_SAMPLES) b.latencies.push(h.latencyMs);
        if (h.ttftMs !== null && b.ttfts.length < MAX_SAMPLES) b.ttfts.push(h.ttftMs);
        b.outputTokens += h.outputTokens;
        b.generationMs += h.generationMs ?? 0;
      }
      buckets.set(key, b);
    }
  }
  await client.$transaction(async (tx) => {
    if (batch.length) await tx.$executeRawUnsafe(await insertStatement(tx), JSON.stringify(batch.map(generationJson)));
    await settleBudgets(tx, batch, leases);
    if (batch.length) await enqueueTraces(tx, batch);
    await writeRollups(tx, batch);
    for (const [accountId, d] of [...debits].sort(([a], [b]) => a.localeCompare(b))) {
      const account = await tx.account.update({ where: { id: accountId }, data: { creditBalanceMicros: { decrement: d.micros } }, select: { creditBalanceMicros: true } }).catch(() => null);
      if (!account) continue; // the account was deleted meanwhile
      await tx.creditEntry.create({
        data: { accountId, kind: "USAGE", amountMicros: -d.micros, balanceAfterMicros: account.creditBalanceMicros, note: `Usage: ${d.requests} request${d.requests === 1 ? "" : "s"}` },
      });
    }
    // An endpoint removed from the catalog since the request has no health to keep (and its foreign
    // key would fail the whole batch, over and over).
    const endpointIds = [...new Set([...buckets.values()].map((b) => b.endpointId))];
    if (!endpointIds.length) return;
    const live = new Set((await tx.modelEndpoint.findMany({ where: { id: { in: endpointIds } }, select: { id: true } })).map((e) => e.id));
    for (const b of buckets.values()) {
      if (!live.has(b.endpointId)) continue;
      await tx.$executeRaw`
        INSERT INTO endpoint_health_buckets (endpoint_id, bucket_start, requests, errors, latency_samples, ttft_samples, output_tokens, generation_ms)
        VALUES (${b.endpointId}, ${b.start}, ${b.requests}, ${b.errors}, ${JSON.stringify(b.latencies)}::jsonb, ${JSON.stringify(b.ttfts)}::jsonb, ${b.outputTokens}, ${b.generationMs})
        ON CONFLICT (endpoint_id, bucket_start) DO UPDATE SET
          requests = endpoint_health_buckets.requests + EXCLUDED.requests,
          errors = endpoint_health_buckets.errors + EXCLUDED.errors,
          latency_samples = CASE WHEN jsonb_array_length(endpoint_health_buckets.latency_samples) >= ${MAX_SAMPLES} THEN endpoint_health_buckets.latency_samples ELSE endpoint_health_buckets.latency_samples || EXCLUDED.latency_samples END,
          ttft_samples = CASE WHEN jsonb_array_length(endpoint_health_buckets.ttft_samples) >= ${MAX_SAMPLES} THEN endpoint_health_buckets.ttft_samples ELSE endpoint_health_buckets.ttft_samples || EXCLUDED.ttft_samples END,
          output_tokens = endpoint_health_buckets.output_tokens + EXCLUDED.output_tokens,
          generation_ms = endpoint_health_buckets.generation_ms + EXCLUDED.generation_ms`;
    }
  });
}
