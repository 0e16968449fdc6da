// Password reset links: single use, valid PASSWORD_RESET_TTL_MS, the token stored only as its hash.
// Issued by the operator (instance admin) for someone, or requested by mail when SMTP is configured.
import { db } from "../../db";
import { env } from "../../env";
import { badRequest, notFound } from "../../api/errors";
import { newOneTimeToken } from "../../auth/one-time-token";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import { isMailConfigured, passwordResetEmail, sendMail } from "../../mail";
import { passwordResetLinkSchema, type PasswordResetLinkInput } from "../../validations/auth";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Ctx } from "../context";

export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;
/** At most this many links by mail per person and hour: the form must not become a mail cannon. */
const MAILED_PER_HOUR = 3;

export const resetUrl = (baseUrl: string, token: string) => `${baseUrl.replace(/\/$/, "")}/reset-password/${token}`;

/** The operator issues a one-time link for a user, to hand over (no mail needed). */
export async function issuePasswordResetLink({ ctx, input }: { ctx: Ctx; input: PasswordResetLinkInput }) {
  await requireInstanceAdmin(ctx, "Only an instance admin can issue password reset links.");
  const { email } = passwordResetLinkSchema.parse(input);
  return (await db()).$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, email: true } });
    if (!user) throw notFound(`No user has the email ${email}.`);
    const { token, tokenHash, expiresAt } = newOneTimeToken(PASSWORD_RESET_TTL_MS);
    await tx.passwordResetToken.create({ data: { userId: user.id, tokenHash, expiresAt, issuedById: ctx.actorUserId } });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "user.password_reset_link",
      targetType: "user",
      targetId: user.id,
      metadata: { email: user.email },
    });
    return { token, expiresAt, email: user.email };
  });
}

/**
 * "Forgot password" by mail. The answer is the same whether or not the email has an account, so
 * the form does not tell who has one. Without SMTP it is refused: the operator issues links instead.
 */
export async function requestPasswordReset({ input }: { input: PasswordResetLinkInput }) {
  if (!isMailConfigured()) {
    throw badRequest("Password reset by email is not set up on this instance: ask its operator (the instance admin) for a reset link.");
  }
  const { email } = passwordResetLinkSchema.parse(input);
  const client = await db();
  const user = await client.user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) return { requested: true };
  const recent = await client.passwordResetToken.count({
    where: { userId: user.id, issuedById: null, createdAt: { gt: new Date(Date.now() - 60 * 60 * 1000) } },
  });
  if (recent >= MAILED_PER_HOUR) return { requested: true };
  const { token, tokenHash, expiresAt } = newOneTimeToken(PASSWORD_RESET_TTL_MS);
  await client.passwordResetToken.create({ data: { userId: user.id, tokenHash, expiresAt } });
  // Never a link to the Host header's site (anyone can send one): NEXTAUTH_URL, or this server's own port.
  const baseUrl = env().NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? "3000"}`;
  await sendMail({ to: user.email, ...passwordResetEmail({ url: resetUrl(baseUrl, token), expiresAt }) });
  return { requested: true };
}
