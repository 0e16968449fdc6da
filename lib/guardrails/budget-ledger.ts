// The budget ledger: reservations before the upstream call, settlement in the metering batch, and
// the sweep of reservations left by a crashed process. Zero overspend rests on one rule: a request
// is admitted only by a conditional write (`used + reserved + amount <= limit`, and for the credit
// pool `balance - reserved - amount >= 0`), never by a read followed by a write. All of a request's
// budgets are reserved in ONE statement, all or nothing, so concurrent requests (in this process or
// in other app instances on the same PostgreSQL) cannot together pass a limit.
import { rawQuery, type Db, type Tx } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { GenerationRecord, RecordLeaseHold } from "../metering/record";

/** A reservation older than this belongs to a process that died: the sweep releases it. */
export const RESERVATION_TTL_MS = 60 * 60_000;
export const POOL_PREFIX = "pool:";
const EXHAUSTED = "tollgate_budget_exhausted:";

export type Charge = { counterKey: string; windowStart: Date; limitMicros: bigint; amountMicros: bigint; countsByok: boolean };
/** What a request needs held on every budget, all or nothing (admitted through budget-leases.ts). */
export type Reservation = { charges: Charge[]; accountId: string; poolMicros: bigint };
/** A generation admitted through this process's budget leases (budget-leases.ts). */
export type LeasedRecord = GenerationRecord & { leases?: RecordLeaseHold[] };
/** What one metering batch settles on this process's leases (planned by budget-leases.ts). */
export type SettlementPlan = { consumed: Map<RecordLeaseHold["lease"], { amount: bigint }>; release: RecordLeaseHold["lease"][] };

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

/** A row of budget_reservations to create or grow: who holds it (a generation, or a lease of this process), on which counter, how much. */
export type Hold = Pick<Charge, "counterKey" | "windowStart" | "limitMicros" | "amountMicros"> & { holder: string };

/**
 * The reservation statement: adds every hold to its counter (`used + reserved + amount <= limit`) and
 * the pool hold to the account's credit pool (`balance - reserved - amount >= 0`), all or nothing, and
 * records each hold in budget_reservations (a holder that already holds on a counter grows its row).
 */
export async function reserveHolds(holds: Hold[], pool: { holder: string; amountMicros: bigint } | null, accountId: string, now = new Date()): Promise<ReserveResult> {
  const charges = [...holds].sort((a, b) => a.counterKey.localeCompare(b.counterKey) || a.windowStart.getTime() - b.windowStart.getTime());
  const poolMicros = pool?.amountMicros ?? 0n;
  const expires = new Date(now.getTime() + RESERVATION_TTL_MS);
  const req = charges.length
    ? Prisma.sql`SELECT * FROM (VALUES ${Prisma.join(charges.map((c) => Prisma.sql`(${c.holder}::text, ${c.counterKey}::text, ${c.windowStart}::timestamptz, ${c.limitMicros}::bigint, ${c.amountMicros}::bigint)`))}) AS r(holder, key, window_start, limit_micros, amount)`
    : Prisma.sql`SELECT NULL::text AS holder, NULL::text AS key, NULL::timestamptz AS window_start, 0::bigint AS limit_micros, 0::bigint AS amount WHERE false`;
  const poolKey = POOL_PREFIX + accountId;
  try {
    // Through the driver (rawQuery), not Prisma's $queryRaw: this statement runs on the request path,
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
        UPDATE accounts SET credit_reserved_micros = credit_reserved_micros + ${poolMicros}::bigint
        WHERE id = ${accountId}::text AND ${poolMicros}::bigint > 0 AND credit_balance_micros - credit_reserved_micros - ${poolMicros}::bigint >= 0
        RETURNING id
      ),
      verdict AS (
        SELECT (SELECT count(*) FROM up) = ${charges.length}::int AND (SELECT count(*) FROM pool) = ${poolMicros > 0n ? 1 : 0}::int AS ok,
          coalesce((SELECT string_agg(key, ',') FROM req WHERE key NOT IN (SELECT key FROM up)), '')
            || CASE WHEN ${poolMicros}::bigint > 0 AND (SELECT count(*) FROM pool) = 0 THEN ',' || ${poolKey}::text ELSE '' END AS failed
      ),
      held AS (
        INSERT INTO budget_reservations (generation_id, counter_key, window_start, amount_micros, expires_at)
        SELECT holder, key, window_start, amount, ${expires}::timestamptz FROM req WHERE (SELECT ok FROM verdict)
        UNION ALL
        SELECT ${pool?.holder ?? ""}::text, ${poolKey}::text, ${new Date(0)}::timestamptz, ${poolMicros}::bigint, ${expires}::timestamptz WHERE ${poolMicros}::bigint > 0 AND (SELECT ok FROM verdict)
        ON CONFLICT (generation_id, counter_key) DO UPDATE SET amount_micros = budget_reservations.amount_micros + EXCLUDED.amount_micros, expires_at = EXCLUDED.expires_at
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
 * Settles the batch inside the metering transaction. A generation admitted through a lease (see
 * budget-leases.ts): its actual cost is added to the counters and what it consumed moves out of the
 * lease's row; leases the plan releases are deleted and their rest released. A generation replayed
 * from the journal of a process that died (`counterSpend`): its cost is added to the counters; its
 * process's leases are released by releaseHoldsOf / the sweep.
 */
export async function settleBudgets(tx: Tx, batch: readonly GenerationRecord[], leases: SettlementPlan = { consumed: new Map(), release: [] }): Promise<void> {
  const counters = new Map<string, CounterDelta>();
  const pools = new Map<string, bigint>();
  const counter = (key: string, windowStart: Date) => {
    const id = `${key}|${windowStart.getTime()}`;
    const d = counters.get(id) ?? { key, windowStart, used: 0n, released: 0n };
    counters.set(id, d);
    return d;
  };
  const release = (key: string, windowStart: Date, micros: bigint) => {
    if (key.startsWith(POOL_PREFIX)) pools.set(key.slice(POOL_PREFIX.length), (pools.get(key.slice(POOL_PREFIX.length)) ?? 0n) + micros);
    else counter(key, windowStart).released += micros;
  };

  // Lock first, in the reservation statement's order (counters by key, then accounts), so that a
  // lease growing meanwhile (counters, accounts, then its budget_reservations row) waits instead of deadlocking.
  const lockCounters = new Map<string, { key: string; windowStart: Date }>();
  const lockAccounts = new Set<string>(batch.map((r) => r.accountId));
  const lockHold = (key: string, windowStart: Date) => {
    if (key.startsWith(POOL_PREFIX)) lockAccounts.add(key.slice(POOL_PREFIX.length));
    else lockCounters.set(`${key}|${windowStart.getTime()}`, { key, windowStart });
  };
  for (const r of batch) for (const c of r.counterSpend ?? []) if (!c.pool) lockHold(c.counterKey, c.windowStart);
  for (const r of batch) for (const h of r.leases ?? []) lockHold(h.lease.counterKey, h.lease.windowStart);
  for (const lease of [...leases.consumed.keys(), ...leases.release]) lockHold(lease.counterKey, lease.windowStart);
  if (lockCounters.size) {
    const values = Prisma.join([...lockCounters.values()].map((c) => Prisma.sql`(${c.key}::text, ${c.windowStart}::timestamptz)`));
    await tx.$executeRaw`SELECT 1 FROM budget_counters b JOIN (VALUES ${values}) AS v(key, window_start) ON b.key = v.key AND b.window_start = v.window_start ORDER BY b.key, b.window_start FOR UPDATE OF b`;
  }
  if (lockAccounts.size) await tx.$executeRaw`SELECT 1 FROM accounts WHERE id = ANY(${[...lockAccounts]}::text[]) ORDER BY id FOR NO KEY UPDATE`;

  // Leased generations: the spend counts on the counter whatever became of the lease.
  for (const r of batch) for (const h of r.leases ?? []) if (h.countsByok !== null) counter(h.lease.counterKey, h.lease.windowStart).used += h.spent ?? 0n;
  for (const r of batch) for (const c of r.counterSpend ?? []) if (!c.pool) counter(c.counterKey, c.windowStart).used += c.spent;
  const releasing = new Set(leases.release);
  const shrink = [...leases.consumed].filter(([lease, c]) => c.amount > 0n && !releasing.has(lease));
  if (shrink.length) {
    const values = Prisma.join(shrink.map(([lease, c]) => Prisma.sql`(${lease.id}::text, ${lease.counterKey}::text, ${c.amount}::bigint)`));
    const rows = await tx.$queryRaw<{ counter_key: string; window_start: Date; consumed: bigint }[]>`
      UPDATE budget_reservations r SET amount_micros = GREATEST(r.amount_micros - v.consumed, 0)
      FROM (VALUES ${values}) AS v(holder, key, consumed) WHERE r.generation_id = v.holder AND r.counter_key = v.key
      RETURNING r.counter_key, r.window_start, v.consumed`;
    for (const row of rows) release(row.counter_key, row.window_start, BigInt(row.consumed));
  }
  if (releasing.size) {
    const rows = await tx.$queryRaw<{ counter_key: string; window_start: Date; amount_micros: bigint }[]>`
      DELETE FROM budget_reservations WHERE generation_id = ANY(${[...releasing].map((l) => l.id)}::text[]) RETURNING counter_key, window_start, amount_micros`;
    for (const row of rows) release(row.counter_key, row.window_start, BigInt(row.amount_micros));
  }

  const deltas = [...counters.values()].filter((d) => d.used !== 0n || d.released !== 0n).sort((a, b) => a.key.localeCompare(b.key) || a.windowStart.getTime() - b.windowStart.getTime());
  if (deltas.length) {
    const values = Prisma.join(deltas.map((d) => Prisma.sql`(${d.key}::text, ${d.windowStart}::timestamptz, ${d.used}::bigint, ${d.released}::bigint)`));
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
export function sweepExpiredReservations(client: Db | Tx, now = new Date()): Promise<number> {
  return releaseReservations(client, Prisma.sql`expires_at < ${now}::timestamptz`);
}

/** Releases every hold of the leases of one process (`lease:<process>:…`): its journal was replayed, so it is gone. */
export function releaseHoldsOf(client: Db | Tx, leaseProcess: string): Promise<number> {
  return releaseReservations(client, Prisma.sql`generation_id LIKE ${`lease:${leaseProcess.replace(/[\\%_]/g, "\\$&")}:%`}`);
}

async function releaseReservations(client: Db | Tx, where: Prisma.Sql): Promise<number> {
  const rows = await client.$queryRaw<{ swept: bigint }[]>`
    WITH gone AS (DELETE FROM budget_reservations WHERE ${where} RETURNING counter_key, window_start, amount_micros),
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

/**
 * Sweeps now and then every few minutes in this process (unref'd: it never keeps the process alive).
 * `all`: the first sweep releases every hold, expired or not: for an embedded database, which only
 * this process can open, every hold left at start belongs to a process that is gone.
 */
export function startReservationSweeper(client: () => Promise<Db>, { everyMs = 5 * 60_000, all = false } = {}): void {
  if (g.__tollgateReservationSweep) return;
  const run = (at?: Date) => void client().then((c) => sweepExpiredReservations(c, at)).catch((error) => console.error("[budgets] reservation sweep failed", error));
  run(all ? new Date("9999-12-31T00:00:00Z") : undefined);
  g.__tollgateReservationSweep = setInterval(() => run(), everyMs);
  g.__tollgateReservationSweep.unref?.();
}
