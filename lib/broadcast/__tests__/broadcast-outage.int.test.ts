// A destination that answers 500 for a while, with the delivery worker stopped and started again
// (as on an app restart) in the middle and traffic on both sides: in the end every sampled trace
// arrives exactly once per idempotency key, none is lost, and none that was not sampled is sent.
import { allowOutbound } from "@/lib/testing/outbound";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../../db";
import { startReceiver } from "../../testing/receiver";
import { invalidateBroadcastDestinations } from "../enqueue";
import { isSampled } from "../trace";
import { encryptSecret } from "../../crypto/secret-box";
import { claimDueDeliveries, purgeDeliveredTraces, startBroadcastWorker, stopBroadcastWorker } from "../worker";
import { addDestination, broadcastAccount, outboxRows, recordGenerations, waitUntilSettled } from "./helpers";

// Its fake third parties listen on loopback, which the outbound policy refuses unless allowlisted.
allowOutbound();

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let down = true;

beforeAll(async () => {
  receiver = await startReceiver(() => (down ? { status: 500, body: '{"error":"ingest unavailable"}' } : { status: 200 }));
});
afterAll(async () => {
  await stopBroadcastWorker();
  await receiver.close();
});

/** The idempotency keys of every trace in the 2xx-answered requests, with repeats. */
function acceptedKeys(): string[] {
  return receiver.requests.filter((r) => r.answered < 300).flatMap((r) => (JSON.parse(r.body) as { traces: { idempotency_key: string }[] }).traces.map((t) => t.idempotency_key));
}

describe("delivery through an outage and a restart", () => {
  it("delivers every sampled trace exactly once per idempotency key, none lost", async () => {
    const { ctx, key } = await broadcastAccount();
    const destination = await addDestination(ctx, { type: "webhook", config: { url: `${receiver.url}/in`, signingSecret: "outage-secret-0123456789" }, sampling_rate: 0.5 });
    const other = await addDestination(ctx, { type: "webhook", config: { url: `${receiver.url}/other`, signingSecret: "outage-secret-0123456789" }, enabled: false });

    startBroadcastWorker({ pollMs: 20, backoffBaseMs: 30, backoffCapMs: 200 });
    const first = await recordGenerations(ctx.account.id, key.id, 120);
    // Let the worker fail a few rounds against the 500s.
    const deadline = Date.now() + 10_000;
    while (receiver.requests.filter((r) => r.answered === 500).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const failing = await outboxRows(destination.id);
    expect(failing.every((r) => r.status === "pending")).toBe(true);
    expect(failing.some((r) => r.attempts > 0 && r.lastError?.startsWith("HTTP 500"))).toBe(true);

    // "Restart": the worker stops (waiting for its sends in flight), in-memory caches go, traffic continues meanwhile.
    await stopBroadcastWorker();
    invalidateBroadcastDestinations();
    const second = await recordGenerations(ctx.account.id, key.id, 80);
    down = false;
    startBroadcastWorker({ pollMs: 20, backoffBaseMs: 30, backoffCapMs: 200 });
    const third = await recordGenerations(ctx.account.id, key.id, 40);
    await waitUntilSettled([destination.id], 30_000);

    const all = [...first, ...second, ...third];
    const sampled = all.filter((id) => isSampled(destination.id, id, 0.5)).map((id) => `${destination.id}:${id}`);
    // The sampling is roughly half (240 generations) and the outbox holds exactly the sampled ones.
    expect(sampled.length).toBeGreaterThan(80);
    expect(sampled.length).toBeLessThan(160);
    const rows = await outboxRows(destination.id);
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual([...sampled].sort());
    expect(rows.every((r) => r.status === "delivered" && r.deliveredAt !== null)).toBe(true);
    expect(rows.some((r) => r.attempts > 1)).toBe(true);

    const accepted = acceptedKeys();
    expect(new Set(accepted).size).toBe(accepted.length); // no repeats
    expect([...accepted].sort()).toEqual([...sampled].sort());
    // The disabled destination queued nothing.
    expect(await (await db()).traceDelivery.count({ where: { destinationId: other.id } })).toBe(0);
  });

  it("concurrent claims (as from several app instances) never hand out a row twice", async () => {
    await stopBroadcastWorker(); // only the claimers below may take rows
    const { ctx, key } = await broadcastAccount();
    const destination = await addDestination(ctx, { type: "webhook", config: { url: `${receiver.url}/claims` } });
    await recordGenerations(ctx.account.id, key.id, 300);
    // Eight claimers at once; on PostgreSQL each runs on its own pooled connection.
    const batches = await Promise.all(Array.from({ length: 8 }, () => claimDueDeliveries({ claimLimit: 60, leaseMs: 60_000 })));
    const claimed = batches.flat().filter((r) => r.destination_id === destination.id).map((r) => r.id);
    expect(claimed).toHaveLength(300);
    expect(new Set(claimed).size).toBe(300);
    // Claimed rows are leased: nothing is due again until the lease ends.
    expect((await claimDueDeliveries({ claimLimit: 500, leaseMs: 60_000 })).filter((r) => r.destination_id === destination.id)).toHaveLength(0);
  });

  it("a disabled destination queues nothing new and its queued traces wait without spending attempts", async () => {
    const { ctx, key } = await broadcastAccount();
    const destination = await addDestination(ctx, { type: "webhook", config: { url: `${receiver.url}/paused` } });
    await recordGenerations(ctx.account.id, key.id, 3);
    await (await db()).broadcastDestination.update({ where: { id: destination.id }, data: { enabled: false } });
    invalidateBroadcastDestinations();
    await recordGenerations(ctx.account.id, key.id, 2);
    startBroadcastWorker({ pollMs: 20 });
    const deadline = Date.now() + 10_000;
    while ((await outboxRows(destination.id)).some((r) => r.lastError === null) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await stopBroadcastWorker();
    const rows = await outboxRows(destination.id);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.status === "pending" && r.attempts === 0 && r.lastError?.includes("disabled"))).toBe(true);
    expect(receiver.requests.some((r) => r.path === "/paused")).toBe(false);
  });

  it("credentials that no longer decrypt fail the attempt with a clear error instead of stalling the worker", async () => {
    const { ctx, key } = await broadcastAccount();
    const destination = await addDestination(ctx, { type: "webhook", config: { url: `${receiver.url}/rekeyed` } });
    const otherKey = Buffer.alloc(32, 7);
    await (await db()).broadcastDestination.update({ where: { id: destination.id }, data: { secretsCiphertext: encryptSecret("{}", `broadcast:${ctx.account.id}:webhook`, otherKey) } });
    await recordGenerations(ctx.account.id, key.id, 2);
    startBroadcastWorker({ pollMs: 20 });
    const deadline = Date.now() + 10_000;
    while ((await outboxRows(destination.id)).some((r) => r.attempts === 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await stopBroadcastWorker();
    const rows = await outboxRows(destination.id);
    expect(rows.every((r) => r.attempts >= 1 && r.lastError?.includes("cannot be decrypted"))).toBe(true);
  });

  it("purges delivered traces after the retention period, and only those", async () => {
    const { ctx, key } = await broadcastAccount();
    const destination = await addDestination(ctx, { type: "webhook", config: { url: `${receiver.url}/old` } });
    const [old, recent, pending] = await recordGenerations(ctx.account.id, key.id, 3);
    const client = await db();
    await client.traceDelivery.updateMany({ where: { generationId: old }, data: { status: "delivered", deliveredAt: new Date(Date.now() - 31 * 86_400_000) } });
    await client.traceDelivery.updateMany({ where: { generationId: recent }, data: { status: "delivered", deliveredAt: new Date(Date.now() - 86_400_000) } });
    await client.traceDelivery.updateMany({ where: { generationId: pending }, data: { createdAt: new Date(Date.now() - 40 * 86_400_000) } });
    expect(await purgeDeliveredTraces(30)).toBeGreaterThanOrEqual(1);
    expect((await outboxRows(destination.id)).map((r) => r.generationId).sort()).toEqual([recent, pending].sort());
  });
});
