import { randomBytes } from "node:crypto";
import { db } from "../../db";
import { badRequest } from "../../api/errors";
import { sendTraces } from "../../broadcast/send";
import { buildTrace } from "../../broadcast/trace";
import type { SupportedType } from "../../broadcast/types";
import { parseDestinationConfig, testDestinationSchema, type TestDestinationInput } from "../../validations/broadcast";
import { assertCan, type Ctx } from "../context";
import { findAccountDestination } from "./find-destination";
import { mergeStoredConfig } from "./merge-config";

/**
 * Test Connection: sends one real test trace (model "tollgate/test-connection") with the given
 * config and reports the platform's answer. Nothing is stored. For an existing destination its
 * stored secrets fill what the form leaves out.
 */
export async function testDestination({ ctx, input }: { ctx: Ctx; input: TestDestinationInput }) {
  assertCan(ctx, "broadcast.write");
  const parsed = testDestinationSchema.parse(input);
  const type = parsed.type as SupportedType;
  let raw = parsed.config;
  if (parsed.destination_id) {
    const destinationId = parsed.destination_id;
    const stored = await (await db()).$transaction((tx) => findAccountDestination(tx, ctx, destinationId));
    if (stored.type !== type) throw badRequest("type does not match the destination's type.", { field: "type" });
    raw = mergeStoredConfig(stored, raw);
  }
  const config = parseDestinationConfig(type, raw);
  if (type === "webhook" && !config.signingSecret) config.signingSecret = "test-connection-unsigned";
  const id = `gen-test-${randomBytes(8).toString("hex")}`;
  const trace = buildTrace(
    { id, createdAt: new Date(), model: "tollgate/test-connection", providerSlug: "tollgate", status: 200, finishReason: "stop", promptTokens: 1, completionTokens: 1, costMicros: 0n, latencyMs: 1, generationTimeMs: 1 },
    { id: "test", privacyMode: true },
    null,
  );
  const result = await sendTraces({ id: "test", accountId: ctx.account.id, type, name: null, config }, [trace]);
  return result.ok ? { ok: true as const, latency_ms: result.latencyMs, error: null } : { ok: false as const, latency_ms: result.latencyMs, error: result.error };
}
