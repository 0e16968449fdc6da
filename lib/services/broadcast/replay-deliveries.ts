import { db } from "../../db";
import { replayDeliveriesSchema } from "../../validations/broadcast";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { findAccountDestination } from "./find-destination";

/**
 * "Replay from": every trace of the destination since `since` (delivered or not) is sent again, with
 * its same idempotency key, so a receiver that already has it can drop the repeat.
 */
export async function replayDeliveries({ ctx, id, input }: { ctx: Ctx; id: string; input: { since: string } }) {
  assertCan(ctx, "broadcast.write");
  const since = new Date(replayDeliveriesSchema.parse(input).since);
  return (await db()).$transaction(async (tx) => {
    const destination = await findAccountDestination(tx, ctx, id);
    const count = await tx.$executeRaw`
      UPDATE trace_deliveries SET status = 'pending', attempts = 0, next_attempt_at = now(), delivered_at = NULL, last_error = NULL, updated_at = now()
      WHERE destination_id = ${destination.id} AND trace_at >= ${since}`;
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "broadcast_destination.replay",
      targetType: "broadcast_destination",
      targetId: destination.id,
      metadata: { name: destination.name, since: since.toISOString(), traces: count },
    });
    return { replayed: count };
  });
}
