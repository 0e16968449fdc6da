// No poison batch: a record with strings PostgreSQL refuses, a record the database refuses for its
// data, a destination or an organization deleted behind the caches: each is dealt with on its own
// while the records around it are written, billed and settled.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { reserveHolds } from "@/lib/guardrails/budget-ledger";
import { flushMetering, queuedCount, recordGeneration } from "@/lib/metering/queue";
import type { GenerationRecord } from "@/lib/metering/record";
import { createOrganizationFor, createUser } from "@/prisma/factories";

let seq = 0;
const record = (accountId: string, extra: Partial<GenerationRecord> = {}): GenerationRecord => ({
  id: `gen-poison-${Date.now().toString(36)}-${seq++}`, accountId, apiKeyId: null, model: "sandbox/echo", status: 200, costMicros: 0n, createdAt: new Date(), ...extra,
});

async function organization(balanceMicros = 0n) {
  const user = await createUser();
  const { ctx } = await createOrganizationFor(user.id);
  await (await db()).account.update({ where: { id: ctx.account.id }, data: { creditBalanceMicros: balanceMicros } });
  return ctx.account.id;
}

describe("no poison batch", () => {
  it("a NUL or a lone surrogate in any string (user, model, prompt, headers, an upstream's answer) is stored as U+FFFD, and the batch is written", async () => {
    const accountId = await organization();
    const bad = record(accountId, {
      endUser: "a\u0000b", model: "m\ud800x", errorMessage: "oops\udc00", userAgent: "ua\u0000", httpReferer: "\ud83d",
      requestBody: { messages: [{ role: "user", content: "hi\u0000 there \ud800" }], "k\u0000": 1 } as never,
      responseBody: ["answer\u0000"] as never, attempts: [{ error: "bad\u0000" }] as never,
    });
    const good = [record(accountId), record(accountId)];
    recordGeneration(good[0]);
    recordGeneration(bad);
    recordGeneration(good[1]);
    await flushMetering();
    expect(queuedCount()).toBe(0);
    const rows = await (await db()).generation.findMany({ where: { accountId } });
    expect(rows.map((r) => r.id).sort()).toEqual([bad.id, ...good.map((g) => g.id)].sort());
    const stored = rows.find((r) => r.id === bad.id)!;
    expect(stored).toMatchObject({ endUser: "a\uFFFDb", model: "m\uFFFDx", errorMessage: "oops\uFFFD", userAgent: "ua\uFFFD", httpReferer: "\uFFFD" });
    expect(stored.requestBody).toEqual({ messages: [{ role: "user", content: "hi\uFFFD there \uFFFD" }], "k\uFFFD": 1 });
    expect(stored.responseBody).toEqual(["answer\uFFFD"]);
    // The usage rollups (the charts) hold the safe text too.
    const rollups = await (await db()).usageRollup.findMany({ where: { accountId, endUser: "a\uFFFDb" } });
    expect(rollups.length).toBeGreaterThan(0);
  });

  it("a record the database refuses is quarantined, and the records around it are written, billed and settled", async () => {
    const client = await db();
    const accountId = await organization(1_000_000n);
    const windowStart = new Date(0);
    const counterKey = `k:poison:${accountId}`;
    // A dead process's lease of 600 on a budget; its three records spent 100, 200 and 300 through it.
    expect(await reserveHolds([{ holder: "lease:poisonproc:0", counterKey, windowStart, limitMicros: 10_000n, amountMicros: 600n }], null, accountId)).toEqual({ ok: true });
    const spend = (spent: bigint) => ({ counterSpend: [{ leaseId: "lease:poisonproc:0", counterKey, windowStart, spent }], costMicros: spent });
    const before = record(accountId, spend(100n));
    const refused = record(accountId, { ...spend(200n), promptTokens: 2 ** 40 }); // beyond PostgreSQL's integer: 22003
    const after = record(accountId, spend(300n));
    for (const r of [before, refused, after]) recordGeneration(r);
    await flushMetering();
    expect(queuedCount()).toBe(0);

    expect((await client.generation.findMany({ where: { accountId }, select: { id: true } })).map((r) => r.id).sort()).toEqual([before.id, after.id].sort());
    const quarantined = await client.meteringQuarantine.findMany({ where: { accountId } });
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({ generationId: refused.id });
    expect(quarantined[0].error).toMatch(/out of range|22003/i);
    expect(quarantined[0].record).toMatchObject({ id: refused.id, promptTokens: 2 ** 40, costMicros: "200n" });
    // Billed: the pool lost exactly the two written records' cost, in the ledger too.
    const account = await client.account.findUniqueOrThrow({ where: { id: accountId } });
    expect(account.creditBalanceMicros).toBe(1_000_000n - 400n);
    const usage = await client.creditEntry.findMany({ where: { accountId, kind: "USAGE" } });
    expect(usage.reduce((s, e) => s + e.amountMicros, 0n)).toBe(-400n);
    // Settled: their spend is on the budget, and the dead lease's hold is released.
    expect(await client.budgetCounter.findUniqueOrThrow({ where: { key_windowStart: { key: counterKey, windowStart } } })).toMatchObject({ usedMicros: 400n, reservedMicros: 0n });

    // Never retried for ever: the next batch goes through at once.
    const next = record(accountId, { costMicros: 5n });
    recordGeneration(next);
    await flushMetering();
    expect(await client.generation.count({ where: { id: next.id } })).toBe(1);
    expect(await client.meteringQuarantine.count({ where: { accountId } })).toBe(1);
  });

  it("a destination deleted behind the cache (as another instance does) and an organization deleted meanwhile do not stall a batch", async () => {
    const client = await db();
    const accountId = await organization();
    const gone = await organization();
    const destination = await client.broadcastDestination.create({ data: { accountId, type: "webhook", config: { url: "http://127.0.0.1:9/never" } } });
    recordGeneration(record(accountId));
    await flushMetering(); // caches the account's destinations
    expect(await client.traceDelivery.count({ where: { destinationId: destination.id } })).toBe(1);
    // Straight in the database: this process's caches do not know.
    await client.broadcastDestination.delete({ where: { id: destination.id } });
    await client.account.delete({ where: { id: gone } });
    const mine = record(accountId);
    const orphan = record(gone, { costMicros: 50n });
    recordGeneration(mine);
    recordGeneration(orphan);
    await flushMetering();
    expect(queuedCount()).toBe(0);
    expect(await client.generation.count({ where: { id: mine.id } })).toBe(1);
    expect(await client.generation.count({ where: { id: orphan.id } })).toBe(0);
    expect(await client.meteringQuarantine.count({ where: { generationId: { in: [mine.id, orphan.id] } } })).toBe(0);
  });
});
