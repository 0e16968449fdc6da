import { db } from "../../db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { findAccountDestination } from "./find-destination";

/** "Retry now": every undelivered trace of the destination is due at once; failed ones get fresh attempts. */
export async function retryDeliveries({ ctx, id }: { ctx: Ctx; id: string }) {
  assertCan(ctx, "broadcast.write");
  return (await db()).$transaction(async (tx) => {
    const destination = await findAccountDestination(tx, ctx, id);
    const count = await tx.$executeRaw`
      UPDATE trace_deliveries SET status = 'pending', next_attempt_at = now(), updated_at = now(),
        attempts = CASE WHEN status = 'failed' THEN 0 ELSE attempts END
      WHERE destination_id = ${destination.id} AND status IN ('pending', 'failed')`;
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "broadcast_destination.retry",
      targetType: "broadcast_destination",
      targetId: destination.id,
      metadata: { name: destination.name, traces: count },
    });
    return { retried: count };
  });
}
