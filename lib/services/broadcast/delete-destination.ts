import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { findAccountDestination } from "./find-destination";
import { mutation } from "../mutation";

/** Deletes a destination with its credentials and its delivery log (undelivered traces are dropped). */
export async function deleteDestination({ ctx, id }: { ctx: Ctx; id: string }) {
  assertCan(ctx, "broadcast.write");
  const accountId = ctx.account.id;
  const result = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "destination", accountId });
    const destination = await findAccountDestination(tx, ctx, id);
    await tx.broadcastDestination.delete({ where: { id: destination.id, accountId } });
    await recordAuditEvent(tx, {
      accountId,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "broadcast_destination.delete",
      targetType: "broadcast_destination",
      targetId: id,
      metadata: { type: destination.type, name: destination.name },
    });
    return { deleted: true as const };
  });
  return result;
}
