import { db } from "../../db";
import { badRequest } from "../../api/errors";
import { hashOneTimeToken } from "../../auth/one-time-token";
import { hashPassword } from "../../auth/password";
import { resetPasswordSchema, type ResetPasswordInput } from "../../validations/auth";
import { recordAuditEvent } from "../audit/record-audit-event";
import { revokeUserSessionsTx } from "../sessions/revoke-sessions";
import { forgetSessions } from "../sessions/session-store";

export const INVALID_RESET_LINK = "This password reset link is not valid any more (used, expired or replaced). Ask for a new one.";

async function usableToken(token: string) {
  const row = await (await db()).passwordResetToken.findUnique({
    where: { tokenHash: hashOneTimeToken(token) },
    include: { user: { select: { email: true } } },
  });
  return row && !row.usedAt && row.expiresAt.getTime() > Date.now() ? row : null;
}

/** What the reset page shows: whose password the link resets, or null when it does not work. */
export async function getPasswordReset({ token }: { token: string }) {
  const row = await usableToken(token);
  return row ? { email: row.user.email, expiresAt: row.expiresAt } : null;
}

/** Sets a new password with a reset link: once, then every session of that user ends. */
export async function resetPassword({ input }: { input: ResetPasswordInput }) {
  const { token, password } = resetPasswordSchema.parse(input);
  const row = await usableToken(token);
  if (!row) throw badRequest(INVALID_RESET_LINK);
  const passwordHash = await hashPassword(password);
  const revoked = await (await db()).$transaction(async (tx) => {
    const now = new Date();
    // Single use under a race: only one transaction flips used_at from null.
    const claimed = await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (claimed.count !== 1) throw badRequest(INVALID_RESET_LINK);
    // The user's other links stop working too: the newest password wins.
    await tx.passwordResetToken.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    const ids = await revokeUserSessionsTx(tx, { userId: row.userId });
    const personal = await tx.account.findUniqueOrThrow({ where: { personalOwnerId: row.userId }, select: { id: true } });
    await recordAuditEvent(tx, {
      accountId: personal.id,
      actorUserId: row.userId,
      action: "user.password_reset",
      targetType: "user",
      targetId: row.userId,
      metadata: { sessions_revoked: ids.length, issued_by: row.issuedById ?? "mail" },
    });
    return ids;
  });
  forgetSessions(revoked);
  return { email: row.user.email };
}
