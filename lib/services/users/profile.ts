// The signed-in user's own profile: name (editable), email (shown), and their password.
import { db } from "../../db";
import { badRequest } from "../../api/errors";
import { hashPassword, verifyPassword } from "../../auth/password";
import { changePasswordSchema, updateProfileSchema, type ChangePasswordInput, type UpdateProfileInput } from "../../validations/auth";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserCtx } from "../context";
import { revokeUserSessionsTx } from "../sessions/revoke-sessions";
import { forgetSessions } from "../sessions/session-store";

export type Profile = { id: string; email: string; name: string | null; hasPassword: boolean; isSso: boolean };

export async function getProfile({ ctx }: { ctx: UserCtx }): Promise<Profile> {
  const user = await (await db()).user.findUniqueOrThrow({ where: { id: ctx.userId }, omit: { passwordHash: false } });
  return { id: user.id, email: user.email, name: user.name, hasPassword: Boolean(user.passwordHash), isSso: Boolean(user.oidcSubject) };
}

export async function updateProfile({ ctx, input }: { ctx: UserCtx; input: UpdateProfileInput }) {
  const { name } = updateProfileSchema.parse(input);
  await (await db()).$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: ctx.userId }, select: { name: true } });
    if (before.name === name) return;
    await tx.user.update({ where: { id: ctx.userId }, data: { name } });
    const personal = await tx.account.findUniqueOrThrow({ where: { personalOwnerId: ctx.userId }, select: { id: true } });
    await recordAuditEvent(tx, { accountId: personal.id, actorUserId: ctx.userId, action: "user.update", targetType: "user", targetId: ctx.userId, metadata: { name: { from: before.name, to: name } } });
  });
  return getProfile({ ctx });
}

/**
 * Changes the password after checking the current one (an SSO user without a password sets a first
 * one). Every other session of the user ends; this one stays signed in.
 */
export async function changePassword({ ctx, currentSessionId, input }: { ctx: UserCtx; currentSessionId: string | null; input: ChangePasswordInput }) {
  const { current_password, new_password } = changePasswordSchema.parse(input);
  const client = await db();
  const user = await client.user.findUniqueOrThrow({ where: { id: ctx.userId }, omit: { passwordHash: false } });
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, current_password ?? ""))) {
    throw badRequest("Your current password is not correct.", { field: "current_password" });
  }
  const passwordHash = await hashPassword(new_password);
  const revoked = await client.$transaction(async (tx) => {
    await tx.user.update({ where: { id: ctx.userId }, data: { passwordHash } });
    const ids = await revokeUserSessionsTx(tx, { userId: ctx.userId, exceptSessionId: currentSessionId });
    const personal = await tx.account.findUniqueOrThrow({ where: { personalOwnerId: ctx.userId }, select: { id: true } });
    await recordAuditEvent(tx, { accountId: personal.id, actorUserId: ctx.userId, action: "user.password_change", targetType: "user", targetId: ctx.userId, metadata: { sessions_revoked: ids.length } });
    return ids;
  });
  forgetSessions(revoked);
  return { revokedSessions: revoked.length };
}
