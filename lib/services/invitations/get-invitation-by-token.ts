import { db } from "../../db";
import { notFound } from "../../api/errors";
import { hashInvitationToken, invitationStatus } from "./invitation-token";

/** What the invite page shows before anyone signs in: which organization, for whom, and whether it still works. */
export async function getInvitationByToken({ token }: { token: string }) {
  const invitation = await (await db()).invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    include: { account: { select: { name: true, slug: true } }, invitedBy: { select: { name: true, email: true } } },
  });
  if (!invitation) throw notFound("This invitation link is not valid. Ask for a new one.");
  return {
    status: invitationStatus(invitation),
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    organization: invitation.account,
    invitedBy: invitation.invitedBy?.name ?? invitation.invitedBy?.email ?? null,
  };
}
