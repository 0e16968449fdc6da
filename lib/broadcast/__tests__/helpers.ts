// Shared by the Broadcast integration tests: an account with prompt logging, generations recorded
// through the real metering queue, and a wait for the outbox to drain.
import { randomBytes } from "node:crypto";
import { db } from "../../db";
import { flushMetering, recordGeneration } from "../../metering/queue";
import { createApiKeyFor, createOrganizationFor, createUser } from "../../../prisma/factories";
import { createDestination } from "../../services/broadcast/create-destination";
import type { CreateDestinationInput } from "../../validations/broadcast";
import type { Ctx } from "../../services/context";

export async function broadcastAccount({ promptLogging = true } = {}) {
  const admin = await createUser();
  const { account, ctx } = await createOrganizationFor(admin.id);
  await (await db()).account.update({ where: { id: account.id }, data: { promptLogging } });
  const key = await createApiKeyFor(account.id, "INFERENCE", admin.id);
  return { admin, account, ctx, key };
}

export async function addDestination(ctx: Ctx, input: Omit<CreateDestinationInput, "name"> & { name?: string }) {
  return (await createDestination({ ctx, input: { name: `${input.type} ${randomBytes(2).toString("hex")}`, ...input } })).destination;
}

/** Records `count` generations as the gateway would (bodies only when asked), then writes the batch. */
export async function recordGenerations(accountId: string, apiKeyId: string | null, count: number, { bodies = true, zdr = false } = {}) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const id = `gen-${randomBytes(10).toString("hex")}`;
    ids.push(id);
    recordGeneration({
      id,
      accountId,
      apiKeyId,
      model: "sandbox/echo",
      providerSlug: "sandbox-a",
      status: 200,
      finishReason: "stop",
      promptTokens: 12,
      completionTokens: 5,
      costMicros: 42n,
      latencyMs: 30,
      generationTimeMs: 20,
      endUser: "user-7",
      zdr,
      createdAt: new Date(),
      ...(bodies && !zdr ? { requestBody: { model: "sandbox/echo", messages: [{ role: "user", content: `Hello ${i}` }] }, responseBody: [{ message: { role: "assistant", content: `Echo ${i}` } }] } : {}),
    });
  }
  await flushMetering();
  return ids;
}

export async function outboxRows(destinationId: string) {
  return (await db()).traceDelivery.findMany({ where: { destinationId }, orderBy: { traceAt: "asc" } });
}

/** Polls until no row of the destinations is pending (or the time runs out). */
export async function waitUntilSettled(destinationIds: string[], timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pending = await (await db()).traceDelivery.count({ where: { destinationId: { in: destinationIds }, status: "pending" } });
    if (pending === 0) return;
    if (Date.now() > deadline) throw new Error(`${pending} traces still pending after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
