import { db } from "../../db";
import { conflict } from "../../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { findAccountInvitation } from "./find-account-invitation";

export async function revokeInvitation({ ctx, id }: { ctx: Ctx; id: string }) {
  assertCan(ctx, "members.write");
  return (await db()).$transaction(async (tx) => {
    const current = await findAccountInvitation(tx, ctx, id);
    if (current.acceptedAt) throw conflict("This invitation was already accepted: remove the member instead.");
    if (current.revokedAt) return current;
    const revoked = await tx.invitation.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "invitation.revoke",
      targetType: "invitation",
      targetId: id,
      metadata: { email: current.email },
    });
    return revoked;
  });
}
