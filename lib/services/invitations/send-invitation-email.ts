import { db } from "../../db";
import { ROLE_LABELS } from "../../authz/permissions";
import { invitationEmail, sendMail, type MailResult } from "../../mail";
import type { Role } from "../../generated/prisma/enums";

/** Mails the invitation link if SMTP is configured. Called after the invitation is committed. */
export async function sendInvitationEmail({ invitation, url }: { invitation: { email: string; role: Role; expiresAt: Date; accountId: string; invitedById: string | null }; url: string }): Promise<MailResult> {
  const client = await db();
  const [account, inviter] = await Promise.all([
    client.account.findUniqueOrThrow({ where: { id: invitation.accountId }, select: { name: true } }),
    invitation.invitedById ? client.user.findUnique({ where: { id: invitation.invitedById }, select: { name: true, email: true } }) : null,
  ]);
  const mail = invitationEmail({ orgName: account.name, inviter: inviter?.name ?? inviter?.email ?? null, role: ROLE_LABELS[invitation.role], url, expiresAt: invitation.expiresAt });
  return sendMail({ to: invitation.email, ...mail });
}
