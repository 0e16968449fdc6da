// One metering batch: the generations, then every sink, in one transaction. A batch is idempotent: the
// generations insert skips records already written (ON CONFLICT on the id) and the sinks see only the
// records this transaction wrote, so a journal replayed after a crash never bills twice.
//
// No poison batch: when the database refuses the batch for its data (SQLSTATE class 22 or 23: a NUL,
// a number out of range, a constraint), every record is written alone, and a record that is still
// refused is quarantined (metering_quarantine, with the error; logged with the count) while the
// records around it are written, billed and settled. Any other failure (the database unreachable, a
// deadlock) leaves the batch to be retried whole: its records stay queued and journaled.
import { db, type Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import { rollupSink } from "../activity/rollups";
import { traceSink } from "../broadcast/enqueue";
import { healthBucketSink } from "../gateway/health-buckets";
import { budgetSink } from "../guardrails/budget-sink";
import { creditDebitSink } from "../services/credits/debit-usage";
import { journalLine } from "./journal";
import { safeText, type GenerationRecord } from "./record";
import { sink } from "./sink";

/**
 * The sinks, in the order they run in the batch's transaction. This order IS the lock order, the same
 * on every instance and in the reservation statement (guardrails/budget-ledger.ts reserveHolds):
 *   1. generations   (insert only: new rows, no locks on existing ones)
 *   2. budgets       budget_counters rows FOR UPDATE in (key, window) order, then accounts rows in id
 *                    order (the reservation statement's order), then budget_reservations rows
 *   3. credits       accounts in id order (already locked by 2), one credit_entries row each
 *   4. rollups       usage_rollups upserts
 *   5. health        endpoint_health_buckets upserts in (endpoint, bucket) order
 *   6. traces        trace_deliveries inserts (the Broadcast outbox)
 */
export const SINKS = [sink(budgetSink), sink(creditDebitSink), sink(rollupSink), sink(healthBucketSink), sink(traceSink)];

// The generations insert is ONE statement with ONE parameter: the batch as a JSON array, expanded by
// jsonb_populate_recordset. Prisma's createMany spent ~0.6 ms of CPU per row on the server thread, and
// a multi-row VALUES list with ~30 bound parameters per row still ~1 ms per row; one JSON parameter
// costs a few µs per row in JSON.stringify plus the database's own parse, on PGlite and PostgreSQL alike.
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
// A record of an account deleted meanwhile (on any instance) is dropped: its account's data is gone.
const gInsert = globalThis as unknown as { __tollgateGenerationInsert?: Promise<string> };
function insertStatement(tx: Tx): Promise<string> {
  return (gInsert.__tollgateGenerationInsert ??= tx
    .$queryRaw<{ column_name: string; column_default: string | null }[]>`SELECT column_name, column_default FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'generations'`
    .then((rows) => {
      const defaults = new Map(rows.map((r) => [r.column_name, r.column_default]));
      const select = GENERATION_COLUMNS.map((c) => (defaults.get(c) ? `COALESCE(r.${c}, ${defaults.get(c)})` : `r.${c}`));
      return `INSERT INTO generations (${GENERATION_COLUMNS.join(", ")}) SELECT ${select.join(", ")} FROM jsonb_populate_recordset(NULL::generations, $1::jsonb) AS r WHERE EXISTS (SELECT 1 FROM accounts a WHERE a.id = r.account_id) ON CONFLICT DO NOTHING RETURNING id`;
    })
    .catch((error) => {
      gInsert.__tollgateGenerationInsert = undefined;
      throw error;
    }));
}

type Plans = unknown[];
const planAll = (batch: readonly GenerationRecord[]): Plans => SINKS.map((s) => s.plan?.(batch));
const commitAll = (plans: Plans) => SINKS.forEach((s, i) => s.committed?.(plans[i]));

/** Writes the records and runs every sink on those not written before; returns how many were new. */
async function writeOnce(batch: readonly GenerationRecord[], plans: Plans): Promise<number> {
  const client = await db();
  return client.$transaction(async (tx) => {
    let fresh: readonly GenerationRecord[] = [];
    if (batch.length) {
      const rows = await tx.$queryRawUnsafe<{ id: string }[]>(await insertStatement(tx), JSON.stringify(batch.map(generationJson)));
      const ids = new Set(rows.map((r) => r.id));
      fresh = ids.size === batch.length ? batch : batch.filter((r) => ids.has(r.id));
    }
    for (let i = 0; i < SINKS.length; i++) await SINKS[i].write(tx, fresh, plans[i]);
    return fresh.length;
  });
}

// Prisma's own codes for a value the database refuses (too long, out of range, a constraint, …).
const PRISMA_DATA_ERRORS = new Set(["P2000", "P2002", "P2003", "P2004", "P2005", "P2006", "P2007", "P2011", "P2012", "P2019", "P2020", "P2023"]);

/** The SQLSTATE (or Prisma code) somewhere in an error from Prisma, the driver adapter or the driver. */
export function errorCodes(error: unknown, depth = 0, out: string[] = []): string[] {
  if (!error || typeof error !== "object" || depth > 5) return out;
  const e = error as Record<string, unknown>;
  for (const key of ["code", "originalCode", "sqlState"]) if (typeof e[key] === "string") out.push(e[key] as string);
  for (const key of ["cause", "meta", "driverAdapterError", "error"]) errorCodes(e[key], depth + 1, out);
  return out;
}

/** True when the database refused the data itself (retrying it unchanged fails the same way). */
export function isDataError(error: unknown): boolean {
  const codes = errorCodes(error);
  if (codes.some((c) => PRISMA_DATA_ERRORS.has(c) || /^2[23][0-9A-Z]{3}$/.test(c))) return true;
  // Some paths only keep the database's message (PGlite through the adapter, on older versions).
  return /\b(invalid input syntax|unsupported Unicode escape|out of range|violates (not-null|check|foreign key|unique) constraint|value too long|invalid byte sequence)\b/i.test(String((error as Error)?.message ?? ""));
}

async function quarantine(record: GenerationRecord, error: unknown): Promise<void> {
  const message = safeText(String((error as Error)?.message ?? error)).slice(0, 2000);
  const client = await db();
  await client.$executeRaw`INSERT INTO metering_quarantine (generation_id, account_id, record, error)
    VALUES (${record.id}, ${record.accountId}, ${journalLine(record)}::jsonb, ${message}) ON CONFLICT DO NOTHING`;
  const [{ n }] = await client.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM metering_quarantine`;
  console.error(`[metering] quarantined generation ${record.id} of account ${record.accountId}: the database refused it (${message.trim().split("\n").pop()}); ${n} record(s) in metering_quarantine`);
}

export type BatchOutcome = {
  /** Settled: written now, written before (a replay), or quarantined. */
  done: GenerationRecord[];
  /** Not written for a reason other than their data: to be retried. */
  requeue: GenerationRecord[];
  written: number;
  quarantined: number;
  error?: unknown;
};

/** Commits one batch (see the top of this file). Never throws for a record's data. */
export async function commitBatch(batch: GenerationRecord[]): Promise<BatchOutcome> {
  const plans = planAll(batch);
  try {
    const written = await writeOnce(batch, plans);
    commitAll(plans);
    return { done: batch, requeue: [], written, quarantined: 0 };
  } catch (error) {
    if (!isDataError(error) || batch.length === 0) return { done: [], requeue: batch, written: 0, quarantined: 0, error };
  }
  // The batch holds a record the database refuses: each record alone, so only that one is set aside.
  const outcome: BatchOutcome = { done: [], requeue: [], written: 0, quarantined: 0 };
  for (let i = 0; i < batch.length; i++) {
    const record = batch[i];
    const one = planAll([record]);
    try {
      outcome.written += await writeOnce([record], one);
    } catch (error) {
      try {
        if (!isDataError(error)) throw error;
        await quarantine(record, error);
        outcome.quarantined++;
      } catch (failure) {
        outcome.requeue = batch.slice(i);
        outcome.error = failure;
        return outcome;
      }
    }
    commitAll(one);
    outcome.done.push(record);
  }
  return outcome;
}
