import { db } from "../../db";
import { AppError, conflict, forbidden, notFound } from "../../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import { hashInvitationToken, invitationStatus } from "./invitation-token";

const REFUSALS = {
  expired: "This invitation has expired. Ask an Admin to resend it.",
  revoked: "This invitation was revoked.",
  accepted: "This invitation was already used.",
} as const;

/** Joins the signed-in user to the organization. The link works once, for the invited email only. */
export async function acceptInvitation({ userId, token }: { userId: string; token: string }) {
  const client = await db();
  const tokenHash = hashInvitationToken(token);
  return client.$transaction(async (tx) => {
    const invitation = await tx.invitation.findUnique({ where: { tokenHash }, include: { account: { select: { id: true, slug: true, name: true } } } });
    if (!invitation) throw notFound("This invitation link is not valid. Ask for a new one.");
    const status = invitationStatus(invitation);
    if (status !== "pending") throw new AppError(status === "accepted" ? "conflict" : "bad_request", REFUSALS[status], { status });
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
    if (user.email !== invitation.email) {
      throw forbidden(`This invitation is for ${invitation.email}, but you are signed in as ${user.email}. Sign in with the invited email.`);
    }
    const member = await tx.membership.findUnique({ where: { accountId_userId: { accountId: invitation.accountId, userId } } });
    if (member) throw conflict(`You are already a member of ${invitation.account.name}.`);
    // Single use, even under a race: only one transaction can flip accepted_at from null.
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: new Date(), acceptedById: userId },
    });
    if (claimed.count !== 1) throw conflict(REFUSALS.accepted);
    await tx.membership.create({ data: { accountId: invitation.accountId, userId, role: invitation.role } });
    await recordAuditEvent(tx, {
      accountId: invitation.accountId,
      actorUserId: userId,
      action: "member.join",
      targetType: "user",
      targetId: userId,
      metadata: { role: invitation.role, invitation_id: invitation.id },
    });
    return { account: invitation.account, role: invitation.role };
  });
}
