// Budget leases on a real database: requests are admitted in memory against a lease that grows by
// slices (one statement per LEASE_SLICE_REQUESTS worst cases, not one per request), never past the
// limit; the metering batch settles the actual spend and gives an idle lease back; a changed limit
// opens a new lease; a lease left by a dead process is swept.
import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { flushMetering, recordGeneration } from "../../metering/queue";
import { createUser, personalCtx } from "../../../prisma/factories";
import { admitReservation, LEASE_SLICE_REQUESTS, type LeaseHold } from "../budget-leases";
import { POOL_PREFIX, sweepExpiredReservations, type Reservation } from "../budget-ledger";

async function account(balanceMicros: bigint) {
  const user = await createUser();
  const { account } = await personalCtx(user.id);
  await (await db()).account.update({ where: { id: account.id }, data: { creditBalanceMicros: balanceMicros } });
  return account.id;
}

const reservation = (accountId: string, counterKey: string, limitMicros: bigint, worst: bigint, pool = worst): Reservation => ({
  accountId,
  poolMicros: pool,
  charges: [{ counterKey, windowStart: new Date("2026-11-30T00:00:00Z"), limitMicros, amountMicros: worst, countsByok: false }],
});

let n = 0;
/** A finished request: its generation (costing `cost`) goes to the metering queue with its holds. */
function finish(accountId: string, holds: LeaseHold[], cost: bigint) {
  recordGeneration({ id: `gen-lease-${n++}`, accountId, apiKeyId: null, model: "m/x", status: 200, costMicros: cost, createdAt: new Date(), leases: holds } as never);
}

async function held(accountId: string, counterKey: string) {
  const client = await db();
  const counter = await client.budgetCounter.findFirst({ where: { key: counterKey } });
  const acct = await client.account.findUniqueOrThrow({ where: { id: accountId }, select: { creditBalanceMicros: true, creditReservedMicros: true } });
  const rows = await client.budgetReservation.findMany({ where: { counterKey: { in: [counterKey, POOL_PREFIX + accountId] } } });
  return { used: counter?.usedMicros ?? 0n, reserved: counter?.reservedMicros ?? 0n, poolReserved: acct.creditReservedMicros, balance: acct.creditBalanceMicros, rows };
}

describe("budget leases", () => {
  it("admit many requests with a few statements, settle their actual cost and give the lease back when idle", async () => {
    const accountId = await account(1_000_000_000n);
    const key = `test:lease:${accountId}`;
    const worst = 1_000n;
    const admitted: LeaseHold[][] = [];
    for (let i = 0; i < 100; i++) {
      const r = await admitReservation(reservation(accountId, key, 10_000_000n, worst));
      expect(r.ok).toBe(true);
      if (r.ok) admitted.push(r.holds);
    }
    // One lease row per budget, grown by slices: 100 requests took ceil(100 / (1 + slice)) growths.
    const during = await held(accountId, key);
    expect(during.rows.map((r) => r.counterKey).sort()).toEqual([POOL_PREFIX + accountId, key].sort());
    const slice = worst * (1n + LEASE_SLICE_REQUESTS);
    const growths = Math.ceil(100 / Number(1n + LEASE_SLICE_REQUESTS));
    expect(during.reserved).toBe(slice * BigInt(growths));
    expect(during.poolReserved).toBe(slice * BigInt(growths));
    expect(during.rows.every((r) => r.amountMicros === slice * BigInt(growths))).toBe(true);

    // They finish, each costing 400: the batch moves 40,000 to `used` and, idle, releases the rest.
    for (const holds of admitted) finish(accountId, holds, 400n);
    await flushMetering();
    const after = await held(accountId, key);
    expect(after).toMatchObject({ used: 40_000n, reserved: 0n, poolReserved: 0n, balance: 1_000_000_000n - 40_000n, rows: [] });
  });

  it("never holds past the limit: near it the lease grows by exactly what is missing, then refuses", async () => {
    const accountId = await account(1_000_000_000n);
    const key = `test:lease-limit:${accountId}`;
    const results = [];
    for (let i = 0; i < 12; i++) results.push(await admitReservation(reservation(accountId, key, 10_000n, 1_000n)));
    expect(results.filter((r) => r.ok)).toHaveLength(10);
    expect(results.slice(10)).toEqual([{ ok: false, failed: [key] }, { ok: false, failed: [key] }]);
    expect((await held(accountId, key)).reserved).toBe(10_000n);
    for (const r of results) if (r.ok) finish(accountId, r.holds, 1_000n);
    await flushMetering();
    expect(await held(accountId, key)).toMatchObject({ used: 10_000n, reserved: 0n, poolReserved: 0n, rows: [] });
    expect(await admitReservation(reservation(accountId, key, 10_000n, 1_000n))).toEqual({ ok: false, failed: [key] });
  });

  it("the credit pool is leased too: a pool that cannot cover the worst case refuses", async () => {
    const accountId = await account(2_500n);
    const key = `test:lease-pool:${accountId}`;
    const first = await admitReservation(reservation(accountId, key, 1_000_000n, 1_000n));
    const second = await admitReservation(reservation(accountId, key, 1_000_000n, 1_000n));
    const third = await admitReservation(reservation(accountId, key, 1_000_000n, 1_000n));
    expect([first.ok, second.ok]).toEqual([true, true]);
    expect(third).toEqual({ ok: false, failed: [POOL_PREFIX + accountId] });
    for (const r of [first, second]) if (r.ok) finish(accountId, r.holds, 1_000n);
    await flushMetering();
    expect(await held(accountId, key)).toMatchObject({ balance: 500n, poolReserved: 0n, used: 2_000n, reserved: 0n, rows: [] });
  });

  it("a request in flight keeps its lease across batches; a changed limit opens a new lease", async () => {
    const accountId = await account(1_000_000_000n);
    const key = `test:lease-limit-change:${accountId}`;
    const long = await admitReservation(reservation(accountId, key, 1_000_000n, 1_000n));
    const quick = await admitReservation(reservation(accountId, key, 1_000_000n, 1_000n));
    if (!long.ok || !quick.ok) throw new Error("not admitted");
    finish(accountId, quick.holds, 300n);
    await flushMetering();
    // `long` is still in flight: its lease stays, less what `quick` spent.
    const mid = await held(accountId, key);
    expect(mid).toMatchObject({ used: 300n, reserved: 33_000n - 300n });
    // The key's limit changes: new requests go to a new lease; the old one drains.
    const changed = await admitReservation(reservation(accountId, key, 500_000n, 1_000n));
    if (!changed.ok) throw new Error("not admitted");
    expect(changed.holds[0].lease.id).not.toBe(long.holds[0].lease.id);
    expect((await held(accountId, key)).rows.filter((r) => r.counterKey === key)).toHaveLength(2);
    finish(accountId, long.holds, 700n);
    finish(accountId, changed.holds, 100n);
    await flushMetering();
    expect(await held(accountId, key)).toMatchObject({ used: 1_100n, reserved: 0n, poolReserved: 0n, rows: [] });
  });

  it("a lease left by a process that died is swept (at once on an embedded database, else when it expires)", async () => {
    const accountId = await account(1_000_000_000n);
    const key = `test:lease-crash:${accountId}`;
    const r = await admitReservation(reservation(accountId, key, 1_000_000n, 1_000n));
    expect(r.ok).toBe(true);
    // The process "dies": its in-memory lease is gone; the row is what startup's sweep of PGlite releases.
    const client = await db();
    expect(await sweepExpiredReservations(client, new Date("9999-12-31T00:00:00Z"))).toBeGreaterThanOrEqual(2);
    expect(await held(accountId, key)).toMatchObject({ reserved: 0n, poolReserved: 0n, rows: [] });
    if (r.ok) finish(accountId, r.holds, 500n); // a late settlement still counts the spend, releases nothing twice
    await flushMetering();
    expect(await held(accountId, key)).toMatchObject({ used: 500n, reserved: 0n, poolReserved: 0n, rows: [] });
  });
});
