import { db } from "../../db";
import { conflict } from "../../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { findAccountInvitation } from "./find-account-invitation";
import { newInvitationToken } from "./invitation-token";

/** A new link for a pending or expired invitation; the old link stops working. */
export async function resendInvitation({ ctx, id }: { ctx: Ctx; id: string }) {
  assertCan(ctx, "members.write");
  const { token, tokenHash, expiresAt } = newInvitationToken();
  const invitation = await (await db()).$transaction(async (tx) => {
    const current = await findAccountInvitation(tx, ctx, id);
    if (current.acceptedAt) throw conflict("This invitation was already accepted.");
    if (current.revokedAt) throw conflict("This invitation was revoked: invite again instead.");
    const updated = await tx.invitation.update({ where: { id }, data: { tokenHash, expiresAt, sentCount: { increment: 1 } } });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "invitation.resend",
      targetType: "invitation",
      targetId: id,
      metadata: { email: current.email },
    });
    return updated;
  });
  return { invitation, token };
}
