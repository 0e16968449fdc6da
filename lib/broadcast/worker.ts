// The delivery worker: started with the server, it claims due outbox rows, sends them per
// destination in batches and marks them delivered, or schedules a retry (exponential backoff with
// jitter), or gives up after MAX_ATTEMPTS (failed; "retry now" revives them).
// Claiming moves next_attempt_at ahead by a lease inside one UPDATE … FOR UPDATE SKIP LOCKED, so
// several app instances never send the same row at once, and a row whose sender died is due again
// when its lease ends (at-least-once; receivers drop repeats by idempotency key). Each destination
// sends on its own, with a timeout: a slow one holds up only its own rows, never the gateway.
import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { resolveConfig } from "./destination-secrets";
import { sendTraces, type SendResult } from "./send";
import type { ResolvedDestination, SupportedType, Trace } from "./types";

export const MAX_ATTEMPTS = 12;
export const BATCH_SIZE = 50;
const DISABLED_RECHECK_MS = 30_000;

export type WorkerOptions = { pollMs?: number; backoffBaseMs?: number; backoffCapMs?: number; leaseMs?: number; claimLimit?: number; timeoutMs?: number };
const DEFAULTS: Required<WorkerOptions> = { pollMs: 1000, backoffBaseMs: 2000, backoffCapMs: 10 * 60_000, leaseMs: 5 * 60_000, claimLimit: 200, timeoutMs: 10_000 };

type Claimed = { id: string; destination_id: string; payload: Trace };

type WorkerState = { options: Required<WorkerOptions>; timer?: NodeJS.Timeout; stopped: boolean; cycle: Promise<void> | null; inFlight: Map<string, Promise<void>> };
const g = globalThis as unknown as { __tollgateBroadcastWorker?: WorkerState };

const claimDue = (state: WorkerState) => claimDueDeliveries(state.options, [...state.inFlight.keys()]);

/** Claims up to claimLimit due rows (not of the busy destinations) for leaseMs. Exported for the concurrency test. */
export async function claimDueDeliveries({ claimLimit, leaseMs }: { claimLimit: number; leaseMs: number }, busy: string[] = []): Promise<Claimed[]> {
  const notBusy = busy.length ? Prisma.sql`AND destination_id NOT IN (${Prisma.join(busy)})` : Prisma.empty;
  return (await db()).$queryRaw<Claimed[]>`
    UPDATE trace_deliveries SET next_attempt_at = now() + ${leaseMs} * interval '1 millisecond', updated_at = now()
    WHERE id IN (
      SELECT id FROM trace_deliveries
      WHERE status = 'pending' AND next_attempt_at <= now() ${notBusy}
      ORDER BY next_attempt_at LIMIT ${claimLimit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, destination_id, payload`;
}

async function markDelivered(ids: string[], result: SendResult) {
  await (await db()).$executeRaw`
    UPDATE trace_deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = now(), latency_ms = ${result.latencyMs}, last_error = NULL, updated_at = now()
    WHERE id IN (${Prisma.join(ids)}) AND status = 'pending'`;
}

async function markFailed(ids: string[], error: string, latencyMs: number, options: Required<WorkerOptions>) {
  await (await db()).$executeRaw`
    UPDATE trace_deliveries SET
      attempts = attempts + 1, last_error = ${error.slice(0, 1000)}, latency_ms = ${latencyMs}, updated_at = now(),
      status = CASE WHEN attempts + 1 >= ${MAX_ATTEMPTS} THEN 'failed' ELSE 'pending' END,
      next_attempt_at = now() + LEAST(${options.backoffBaseMs}::float8 * power(2, attempts), ${options.backoffCapMs}::float8) * (0.5 + random() / 2) * interval '1 millisecond'
    WHERE id IN (${Prisma.join(ids)}) AND status = 'pending'`;
}

/** A disabled destination's rows wait, without spending attempts, until it is enabled again. */
async function postpone(ids: string[], ms: number) {
  await (await db()).$executeRaw`
    UPDATE trace_deliveries SET next_attempt_at = now() + ${ms} * interval '1 millisecond', last_error = 'The destination is disabled: delivery resumes when it is enabled again.', updated_at = now()
    WHERE id IN (${Prisma.join(ids)}) AND status = 'pending'`;
}

/** A destination's claimed rows, sent in batches one after another. */
async function deliver(destination: ResolvedDestination | null, rows: Claimed[], options: Required<WorkerOptions>) {
  for (let i = 0; i < rows.length; i += BATCH_SIZE) {
    const chunk = rows.slice(i, i + BATCH_SIZE);
    const ids = chunk.map((r) => r.id);
    if (!destination) {
      await postpone(ids, DISABLED_RECHECK_MS);
      continue;
    }
    const result = await sendTraces(destination, chunk.map((r) => r.payload), options.timeoutMs);
    if (result.ok) await markDelivered(ids, result);
    else await markFailed(ids, result.error, result.latencyMs, options);
  }
}

/** One pass: claim what is due and start sending it (per destination, not awaited here). */
export async function runDeliveryCycle(state: WorkerState = currentState()): Promise<number> {
  const rows = await claimDue(state);
  if (rows.length === 0) return 0;
  const byDestination = new Map<string, Claimed[]>();
  for (const r of rows) byDestination.set(r.destination_id, [...(byDestination.get(r.destination_id) ?? []), r]);
  const destinations = await (await db()).broadcastDestination.findMany({
    where: { id: { in: [...byDestination.keys()] } },
    select: { id: true, accountId: true, type: true, name: true, enabled: true, config: true, secretsCiphertext: true },
  });
  const byId = new Map(destinations.map((d) => [d.id, d]));
  for (const [destinationId, claimed] of byDestination) {
    const row = byId.get(destinationId);
    let resolved: ResolvedDestination | null = null;
    try {
      if (row?.enabled) resolved = { id: row.id, accountId: row.accountId, type: row.type as SupportedType, name: row.name, config: resolveConfig(row) };
    } catch {
      // The credentials do not decrypt (TOLLGATE_ENCRYPTION_KEY changed): retried with backoff, then failed; saving new credentials fixes it.
      await markFailed(claimed.map((r) => r.id), "The destination's credentials cannot be decrypted (was TOLLGATE_ENCRYPTION_KEY changed?). Save them again.", 0, state.options);
      continue;
    }
    const run = deliver(resolved, claimed, state.options)
      .catch((error) => console.error(`[broadcast] delivery to ${destinationId} failed; its rows are retried when their lease ends`, error))
      .finally(() => state.inFlight.delete(destinationId));
    state.inFlight.set(destinationId, run);
  }
  return rows.length;
}

/** Delivered traces are kept RETENTION_DAYS for the delivery log and "replay from", then deleted. */
export const RETENTION_DAYS = 30;
const PURGE_EVERY_MS = 10 * 60_000;

export async function purgeDeliveredTraces(days = RETENTION_DAYS): Promise<number> {
  return (await db()).$executeRaw`DELETE FROM trace_deliveries WHERE status = 'delivered' AND delivered_at < now() - ${days} * interval '1 day'`;
}

function currentState(): WorkerState {
  if (!g.__tollgateBroadcastWorker) throw new Error("The broadcast worker is not running.");
  return g.__tollgateBroadcastWorker;
}

/** Waits until every send started so far has finished (tests, shutdown). */
export async function drainInFlight(state: WorkerState = currentState()) {
  while (state.inFlight.size) await Promise.all([...state.inFlight.values()]);
}

export function startBroadcastWorker(options: WorkerOptions = {}): WorkerState {
  if (g.__tollgateBroadcastWorker && !g.__tollgateBroadcastWorker.stopped) return g.__tollgateBroadcastWorker;
  const state: WorkerState = { options: { ...DEFAULTS, ...options }, stopped: false, cycle: null, inFlight: new Map() };
  g.__tollgateBroadcastWorker = state;
  let lastPurge = 0;
  const tick = () => {
    if (state.stopped) return;
    const purgeDue = Date.now() - lastPurge > PURGE_EVERY_MS;
    if (purgeDue) lastPurge = Date.now();
    state.cycle = (purgeDue ? purgeDeliveredTraces() : Promise.resolve(0))
      .then(() => runDeliveryCycle(state))
      .then((n) => schedule(n >= state.options.claimLimit ? 0 : state.options.pollMs))
      .catch((error) => {
        console.error("[broadcast] delivery cycle failed", error);
        schedule(state.options.pollMs * 5);
      });
  };
  const schedule = (ms: number) => {
    if (state.stopped) return;
    state.timer = setTimeout(tick, ms);
    state.timer.unref?.();
  };
  schedule(0);
  return state;
}

/** Stops claiming and waits for the sends in flight (their rows are marked before this resolves). */
export async function stopBroadcastWorker(): Promise<void> {
  const state = g.__tollgateBroadcastWorker;
  if (!state || state.stopped) return;
  state.stopped = true;
  if (state.timer) clearTimeout(state.timer);
  await state.cycle?.catch(() => undefined);
  await drainInFlight(state);
}
