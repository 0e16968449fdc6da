// The budget ledger: reservations before the upstream call, settlement in the metering batch, and
// the sweep of reservations left by a crashed process. Zero overspend rests on one rule: a request
// is admitted only by a conditional write (`used + reserved + amount <= limit`, and for the credit
// pool `balance - reserved - amount >= 0`), never by a read followed by a write. All of a request's
// budgets are reserved in ONE statement, all or nothing, so concurrent requests (in this process or
// in other app instances on the same PostgreSQL) cannot together pass a limit.
import { rawQuery, type Db, type Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { GenerationRecord } from "../gateway/metering";

/** A reservation older than this belongs to a process that died: the sweep releases it. */
export const RESERVATION_TTL_MS = 60 * 60_000;
export const POOL_PREFIX = "pool:";
const EXHAUSTED = "tollgate_budget_exhausted:";

export type Charge = { counterKey: string; windowStart: Date; limitMicros: bigint; amountMicros: bigint; countsByok: boolean };
/** What a request holds: carried on its generation record so the metering batch can settle it. */
export type Reservation = { charges: Charge[]; accountId: string; poolMicros: bigint };
export type ReservedRecord = GenerationRecord & { reservation?: Reservation };

export type ReserveResult = { ok: true } | { ok: false; failed: string[] };

// At most this many reservation statements of this process at a time (PostgreSQL's pool holds 10
// connections): under a burst the requests queue here instead of in the pool, so the metering
// batch, which releases what they hold, always finds a connection.
const MAX_CONCURRENT_RESERVATIONS = 6;
let active = 0;
const waiting: (() => void)[] = [];
async function withSlot<T>(fn: () => Promise<T>): Promise<T> {
  if (active < MAX_CONCURRENT_RESERVATIONS) active++;
  else await new Promise<void>((resolve) => waiting.push(resolve)); // the releaser hands its slot over
  try {
    return await fn();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else active--;
  }
}

/**
 * Reserves every charge and `poolMicros` of the account's credit pool for one generation, in one
 * statement. When any of them does not fit, the statement fails on purpose (a cast error carrying
 * the counters that did not fit) so that nothing it already reserved survives.
 */
export async function reserveBudgets(generationId: string, reservation: Reservation, now = new Date()): Promise<ReserveResult> {
  const charges = [...reservation.charges].sort((a, b) => a.counterKey.localeCompare(b.counterKey) || a.windowStart.getTime() - b.windowStart.getTime());
  const pool = reservation.poolMicros;
  const expires = new Date(now.getTime() + RESERVATION_TTL_MS);
  const req = charges.length
    ? Prisma.sql`SELECT * FROM (VALUES ${Prisma.join(charges.map((c) => Prisma.sql`(${c.counterKey}::text, ${c.windowStart}::timestamptz, ${c.limitMicros}::bigint, ${c.amountMicros}::bigint)`))}) AS r(key, window_start, limit_micros, amount)`
    : Prisma.sql`SELECT NULL::text AS key, NULL::timestamptz AS window_start, 0::bigint AS limit_micros, 0::bigint AS amount WHERE false`;
  const poolKey = POOL_PREFIX + reservation.accountId;
  try {
    // Through the driver (rawQuery), not Prisma's $queryRaw: this statement runs once per paid request,
    // and Prisma's per-query work cost more than the statement itself (bench:gateway).
    await withSlot(() => rawQuery(Prisma.sql`
      WITH req AS (${req}),
      up AS (
        INSERT INTO budget_counters (key, window_start, limit_micros, used_micros, reserved_micros, updated_at)
        SELECT key, window_start, limit_micros, 0, amount, ${now}::timestamptz FROM req WHERE amount <= limit_micros ORDER BY key, window_start
        ON CONFLICT (key, window_start) DO UPDATE SET
          reserved_micros = budget_counters.reserved_micros + EXCLUDED.reserved_micros,
          limit_micros = EXCLUDED.limit_micros,
          updated_at = EXCLUDED.updated_at
        WHERE budget_counters.used_micros + budget_counters.reserved_micros + EXCLUDED.reserved_micros <= EXCLUDED.limit_micros
        RETURNING key
      ),
      pool AS (
        UPDATE accounts SET credit_reserved_micros = credit_reserved_micros + ${pool}::bigint
        WHERE id = ${reservation.accountId}::text AND ${pool}::bigint > 0 AND credit_balance_micros - credit_reserved_micros - ${pool}::bigint >= 0
        RETURNING id
      ),
      verdict AS (
        SELECT (SELECT count(*) FROM up) = ${charges.length}::int AND (SELECT count(*) FROM pool) = ${pool > 0n ? 1 : 0}::int AS ok,
          coalesce((SELECT string_agg(key, ',') FROM req WHERE key NOT IN (SELECT key FROM up)), '')
            || CASE WHEN ${pool}::bigint > 0 AND (SELECT count(*) FROM pool) = 0 THEN ',' || ${poolKey}::text ELSE '' END AS failed
      ),
      held AS (
        INSERT INTO budget_reservations (generation_id, counter_key, window_start, amount_micros, expires_at)
        SELECT ${generationId}::text, key, window_start, amount, ${expires}::timestamptz FROM req WHERE (SELECT ok FROM verdict)
        UNION ALL
        SELECT ${generationId}::text, ${poolKey}::text, ${new Date(0)}::timestamptz, ${pool}::bigint, ${expires}::timestamptz WHERE ${pool}::bigint > 0 AND (SELECT ok FROM verdict)
        RETURNING 1
      )
      SELECT CASE WHEN ok THEN 1 ELSE CAST(${EXHAUSTED}::text || failed AS integer) END AS ok FROM verdict`));
    return { ok: true };
  } catch (error) {
    const match = new RegExp(`${EXHAUSTED}([^"'\\s]*)`).exec(String((error as Error)?.message ?? error));
    if (!match) throw error;
    return { ok: false, failed: match[1].split(",").filter(Boolean) };
  }
}

/** What a generation spent against a budget: its charge, or for BYOK its upstream cost when the budget counts BYOK. */
export function spentAgainst(record: GenerationRecord, countsByok: boolean): bigint {
  if (!record.isByok) return record.costMicros;
  return countsByok ? BigInt((record.upstreamCostMicros as bigint | number | undefined) ?? 0) : 0n;
}

type CounterDelta = { key: string; windowStart: Date; used: bigint; released: bigint };

/**
 * Settles the batch's reservations inside the metering transaction: the actual cost is added to
 * every counter the request reserved on (whether or not its reservation is still there) and the
 * reservation rows that still exist are released. Counters are locked in key order, the same order
 * the reservation statement takes, so two instances never deadlock on them.
 */
export async function settleBudgets(tx: Tx, batch: GenerationRecord[]): Promise<void> {
  const reserved = (batch as ReservedRecord[]).filter((r) => r.reservation);
  if (reserved.length === 0) return;
  const rows = await tx.$queryRaw<{ generation_id: string; counter_key: string }[]>`
    DELETE FROM budget_reservations WHERE generation_id = ANY(${reserved.map((r) => r.id)}::text[]) RETURNING generation_id, counter_key`;
  const held = new Set(rows.map((r) => `${r.generation_id}|${r.counter_key}`));
  const counters = new Map<string, CounterDelta>();
  const pools = new Map<string, bigint>();
  for (const r of reserved) {
    const { charges, accountId, poolMicros } = r.reservation!;
    for (const c of charges) {
      const id = `${c.counterKey}|${c.windowStart.getTime()}`;
      const d = counters.get(id) ?? { key: c.counterKey, windowStart: c.windowStart, used: 0n, released: 0n };
      d.used += spentAgainst(r, c.countsByok);
      if (held.has(`${r.id}|${c.counterKey}`)) d.released += c.amountMicros;
      counters.set(id, d);
    }
    if (poolMicros > 0n && held.has(`${r.id}|${POOL_PREFIX}${accountId}`)) pools.set(accountId, (pools.get(accountId) ?? 0n) + poolMicros);
  }
  const deltas = [...counters.values()].filter((d) => d.used !== 0n || d.released !== 0n).sort((a, b) => a.key.localeCompare(b.key) || a.windowStart.getTime() - b.windowStart.getTime());
  if (deltas.length) {
    const values = Prisma.join(deltas.map((d) => Prisma.sql`(${d.key}::text, ${d.windowStart}::timestamptz, ${d.used}::bigint, ${d.released}::bigint)`));
    await tx.$executeRaw`SELECT 1 FROM budget_counters b JOIN (VALUES ${values}) AS v(key, window_start, used, released) ON b.key = v.key AND b.window_start = v.window_start ORDER BY b.key, b.window_start FOR UPDATE OF b`;
    await tx.$executeRaw`
      UPDATE budget_counters b SET used_micros = b.used_micros + v.used, reserved_micros = GREATEST(b.reserved_micros - v.released, 0)
      FROM (VALUES ${values}) AS v(key, window_start, used, released) WHERE b.key = v.key AND b.window_start = v.window_start`;
  }
  if (pools.size) {
    const values = Prisma.join([...pools].sort(([a], [b]) => a.localeCompare(b)).map(([id, micros]) => Prisma.sql`(${id}::text, ${micros}::bigint)`));
    await tx.$executeRaw`
      UPDATE accounts a SET credit_reserved_micros = GREATEST(a.credit_reserved_micros - v.released, 0)
      FROM (VALUES ${values}) AS v(id, released) WHERE a.id = v.id`;
  }
}

/**
 * Releases reservations whose request can no longer be settled (the process holding them died
 * before metering its generation). Runs at server start and periodically. Returns how many rows.
 */
export async function sweepExpiredReservations(client: Db, now = new Date()): Promise<number> {
  const rows = await client.$queryRaw<{ swept: bigint }[]>`
    WITH gone AS (DELETE FROM budget_reservations WHERE expires_at < ${now}::timestamptz RETURNING counter_key, window_start, amount_micros),
    agg AS (SELECT counter_key, window_start, sum(amount_micros)::bigint AS amount FROM gone GROUP BY counter_key, window_start),
    counters AS (
      UPDATE budget_counters b SET reserved_micros = GREATEST(b.reserved_micros - agg.amount, 0)
      FROM agg WHERE b.key = agg.counter_key AND b.window_start = agg.window_start RETURNING 1
    ),
    pools AS (
      UPDATE accounts a SET credit_reserved_micros = GREATEST(a.credit_reserved_micros - agg.amount, 0)
      FROM agg WHERE agg.counter_key = ${POOL_PREFIX}::text || a.id RETURNING 1
    )
    SELECT (SELECT count(*) FROM gone) + 0 * ((SELECT count(*) FROM counters) + (SELECT count(*) FROM pools)) AS swept`;
  return Number(rows[0]?.swept ?? 0);
}

const g = globalThis as unknown as { __tollgateReservationSweep?: NodeJS.Timeout };

/** Sweeps now and then every few minutes in this process (unref'd: it never keeps the process alive). */
export function startReservationSweeper(client: () => Promise<Db>, everyMs = 5 * 60_000): void {
  if (g.__tollgateReservationSweep) return;
  const run = () => void client().then((c) => sweepExpiredReservations(c)).catch((error) => console.error("[budgets] reservation sweep failed", error));
  run();
  g.__tollgateReservationSweep = setInterval(run, everyMs);
  g.__tollgateReservationSweep.unref?.();
}
