// Budget leases: the request path reserves budgets without a statement per request. This process
// holds a lease on each budget counter it serves (and on each account's credit pool): a row of
// budget_reservations, counted in the counter's `reserved_micros` like any hold, so the database's
// rule `used + reserved <= limit` still bounds every process together (zero overspend). A request is
// admitted against the lease in memory (its worst case must fit in what the lease has left); only
// when it does not fit does the lease grow, by one reservation statement (reserveHolds) for up to
// LEASE_SLICE_REQUESTS more worst cases, or, near the limit, by exactly what is missing.
//
// The metering batch settles leased generations: it moves their actual cost from the lease to
// `used`, and releases a lease that has nothing in flight and nothing unsettled (so an idle process
// holds nothing, and a test that flushes sees `reserved = 0`). A lease stops taking requests after
// LEASE_ROTATE_MS and is released once drained, well within RESERVATION_TTL_MS, after which the
// sweep would release the row of a process that died.
import { randomBytes } from "node:crypto";
import type { GenerationRecord } from "../metering/record";
import { POOL_PREFIX, RESERVATION_TTL_MS, reserveHolds, spentAgainst, type Hold, type Reservation } from "./budget-ledger";

/** A lease grows by this many worst cases of the request that found it short. */
export const LEASE_SLICE_REQUESTS = 32n;
/** A lease takes new requests for this long; a fresh one follows. */
export const LEASE_ROTATE_MS = 5 * 60_000;
const POOL_WINDOW = new Date(0);

export type Lease = {
  id: string;
  counterKey: string;
  windowStart: Date;
  /** The budget's limit when the lease was taken (null: the credit pool). A changed limit opens a new lease. */
  limitMicros: bigint | null;
  accountId: string;
  /** What the lease's row holds in the database. */
  amount: bigint;
  /** Worst cases of the requests admitted and not finished. */
  inflight: bigint;
  inflightCount: number;
  /** What finished requests consumed and the metering batch has not yet settled. */
  pending: bigint;
  pendingCount: number;
  openedAt: number;
  closed: boolean;
  /** A growth statement is running: the lease is not released under it. */
  growing: number;
};

/** One budget a request holds through a lease: its worst case there, and once finished what it consumed and spent. */
export type LeaseHold = { lease: Lease; amount: bigint; countsByok: boolean | null; consumed?: bigint; spent?: bigint };

type State = { process: string; seq: number; open: Map<string, Lease>; live: Set<Lease>; locks: Map<string, Promise<unknown>> };
const g = globalThis as unknown as { __tollgateLeases?: State };
const state: State = (g.__tollgateLeases ??= { process: randomBytes(6).toString("base64url"), seq: 0, open: new Map(), live: new Set(), locks: new Map() });

type Want = { counterKey: string; windowStart: Date; limitMicros: bigint | null; amount: bigint; countsByok: boolean | null };
const slotOf = (w: Pick<Want, "counterKey" | "windowStart">) => `${w.counterKey}|${w.windowStart.getTime()}`;
const available = (lease: Lease) => lease.amount - lease.inflight - lease.pending;
/** Nothing in flight, not growing, and nothing unsettled beyond the `settledHere` requests of the batch at hand. */
const idle = (lease: Lease, settledHere = 0) => !lease.growing && lease.inflightCount === 0 && lease.pendingCount === settledHere;

function wantsOf(reservation: Reservation): Want[] {
  const wants: Want[] = reservation.charges.map((c) => ({ counterKey: c.counterKey, windowStart: c.windowStart, limitMicros: c.limitMicros, amount: c.amountMicros, countsByok: c.countsByok }));
  if (reservation.poolMicros > 0n) wants.push({ counterKey: POOL_PREFIX + reservation.accountId, windowStart: POOL_WINDOW, limitMicros: null, amount: reservation.poolMicros, countsByok: null });
  return wants;
}

/** The lease this process admits a want against now: the open one, unless it rotated or its limit changed. */
function leaseFor(want: Want, accountId: string, now: number): Lease {
  const slot = slotOf(want);
  const current = state.open.get(slot);
  if (current && !current.closed && current.limitMicros === want.limitMicros && now - current.openedAt < LEASE_ROTATE_MS) return current;
  if (current) {
    current.closed = true; // drains, then the metering batch releases it
    state.open.delete(slot);
  }
  const lease: Lease = {
    id: `lease:${state.process}:${(state.seq++).toString(36)}`,
    counterKey: want.counterKey, windowStart: want.windowStart, limitMicros: want.limitMicros, accountId,
    amount: 0n, inflight: 0n, inflightCount: 0, pending: 0n, pendingCount: 0, openedAt: now, closed: false, growing: 0,
  };
  state.open.set(slot, lease);
  return lease;
}

function take(wants: Want[], leases: Lease[]): LeaseHold[] {
  return wants.map((w, i) => {
    leases[i].inflight += w.amount;
    leases[i].inflightCount += 1;
    return { lease: leases[i], amount: w.amount, countsByok: w.countsByok };
  });
}

/** Runs fn after every earlier lease growth of the account (one statement at a time per account). */
function serialized<T>(accountId: string, fn: () => Promise<T>): Promise<T> {
  const run = (state.locks.get(accountId) ?? Promise.resolve()).then(fn, fn);
  const tail = run.catch(() => undefined);
  state.locks.set(accountId, tail);
  void tail.then(() => state.locks.get(accountId) === tail && state.locks.delete(accountId));
  return run;
}

/** Grows the short leases in one statement; on success takes the request's holds in the same step (no batch can release them in between). */
async function grow(wants: Want[], leases: Lease[], accountId: string, extra: boolean, now: Date): Promise<{ ok: true; holds: LeaseHold[] } | { ok: false; failed: string[] }> {
  const holds: Hold[] = [];
  let pool: { holder: string; amountMicros: bigint } | null = null;
  const grants: [Lease, bigint][] = [];
  wants.forEach((w, i) => {
    const short = w.amount - available(leases[i]);
    if (short <= 0n) return;
    // The slice: LEASE_SLICE_REQUESTS worst cases, but at most an eighth of a budget's limit (in whole
    // worst cases), so that a small budget still leases and several instances can share a large one.
    let slice = extra ? w.amount * LEASE_SLICE_REQUESTS : 0n;
    if (w.limitMicros !== null && slice > 0n) {
      const eighth = (w.limitMicros / 8n / w.amount) * w.amount;
      if (slice > eighth) slice = eighth;
    }
    const amount = short + slice;
    grants.push([leases[i], amount]);
    if (w.limitMicros === null) pool = { holder: leases[i].id, amountMicros: amount };
    else holds.push({ holder: leases[i].id, counterKey: w.counterKey, windowStart: w.windowStart, limitMicros: w.limitMicros, amountMicros: amount });
  });
  for (const [lease] of grants) lease.growing += 1;
  try {
    const result = await reserveHolds(holds, pool, accountId, now);
    if (!result.ok) return result;
    for (const [lease, amount] of grants) {
      lease.amount += amount;
      state.live.add(lease);
    }
    return { ok: true, holds: take(wants, leases) };
  } finally {
    for (const [lease] of grants) lease.growing -= 1;
  }
}

/**
 * Admits a request's reservation against this process's leases: at once when every budget's lease
 * has room for its worst case, else after growing the short leases (all or nothing). `failed` names
 * the counters (and `pool:<account>`) that could not grow, as reserveBudgets does.
 */
export async function admitReservation(reservation: Reservation, now = new Date()): Promise<{ ok: true; holds: LeaseHold[] } | { ok: false; failed: string[] }> {
  const wants = wantsOf(reservation);
  const fast = wants.map((w) => leaseFor(w, reservation.accountId, now.getTime()));
  if (wants.every((w, i) => available(fast[i]) >= w.amount)) return { ok: true, holds: take(wants, fast) };
  return serialized(reservation.accountId, async () => {
    // Another request may have grown the leases meanwhile (or they rotated): look again.
    const leases = wants.map((w) => leaseFor(w, reservation.accountId, Date.now()));
    if (wants.every((w, i) => available(leases[i]) >= w.amount)) return { ok: true as const, holds: take(wants, leases) };
    const sliced = await grow(wants, leases, reservation.accountId, true, now);
    // Near a limit the slice does not fit: grow by exactly what this request misses.
    return sliced.ok ? sliced : grow(wants, leases, reservation.accountId, false, now);
  });
}

/** A leased request finished (its generation is recorded): its worst case leaves flight, its actual cost waits for the batch. */
export function finishLeasedRecord(record: GenerationRecord & { leases?: LeaseHold[] }): void {
  for (const hold of record.leases ?? []) {
    if (hold.consumed !== undefined) continue; // recorded once only
    const spent = hold.countsByok === null ? (record.isByok ? 0n : record.costMicros) : spentAgainst(record, hold.countsByok);
    hold.spent = spent;
    hold.consumed = spent < hold.amount ? spent : hold.amount; // beyond its worst case a request spends outside its hold
    hold.lease.inflight -= hold.amount;
    hold.lease.inflightCount -= 1;
    hold.lease.pending += hold.consumed;
    hold.lease.pendingCount += 1;
  }
}

/** What one metering batch settles on leases: consumption per lease, and the leases it releases whole. */
export type LeaseSettlement = { consumed: Map<Lease, { amount: bigint; count: number }>; release: Lease[] };

/**
 * Plans the batch's lease settlement (synchronously, as the batch is taken): a lease with nothing in
 * flight whose unsettled requests are all in this batch is closed and released by it, as is a
 * lease past RESERVATION_TTL_MS / 2 (its requests are long gone: their holds must not outlive the row).
 */
export function planLeaseSettlement(batch: (GenerationRecord & { leases?: LeaseHold[] })[], now = Date.now()): LeaseSettlement {
  const consumed = new Map<Lease, { amount: bigint; count: number }>();
  for (const record of batch) {
    for (const hold of record.leases ?? []) {
      const c = consumed.get(hold.lease) ?? { amount: 0n, count: 0 };
      c.amount += hold.consumed ?? 0n;
      c.count += 1;
      consumed.set(hold.lease, c);
    }
  }
  const release: Lease[] = [];
  for (const lease of state.live) {
    const settledHere = consumed.get(lease)?.count ?? 0;
    if (idle(lease, settledHere) || (!lease.growing && now - lease.openedAt > RESERVATION_TTL_MS / 2 && lease.pendingCount === settledHere)) {
      lease.closed = true;
      if (state.open.get(slotOf(lease)) === lease) state.open.delete(slotOf(lease));
      release.push(lease);
    }
  }
  return { consumed, release };
}

/** True when a batch would release something even without records (an idle lease). */
export function hasIdleLeases(): boolean {
  for (const lease of state.live) if (idle(lease)) return true;
  return false;
}

/** After the batch committed: the leases shrink by what it settled; released ones are gone. */
export function applyLeaseSettlement(plan: LeaseSettlement): void {
  for (const [lease, c] of plan.consumed) {
    lease.amount -= c.amount;
    lease.pending -= c.amount;
    lease.pendingCount -= c.count;
  }
  for (const lease of plan.release) state.live.delete(lease);
}
