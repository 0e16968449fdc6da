import { db, type Tx } from "../../db";
import { notFound } from "../../api/errors";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { UserCtx } from "../context";
import { forgetSessions } from "./session-store";

/**
 * Revokes a user's live sessions (all, or all but `exceptSessionId`) in the caller's transaction.
 * Returns the revoked ids; call forgetSessions(ids) after the commit.
 */
export async function revokeUserSessionsTx(tx: Tx, { userId, exceptSessionId }: { userId: string; exceptSessionId?: string | null }) {
  const live = await tx.session.findMany({
    where: { userId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    select: { id: true },
  });
  const ids = live.map((s) => s.id);
  if (ids.length) await tx.session.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: new Date() } });
  return ids;
}

async function personalAccountId(tx: Tx, userId: string) {
  return (await tx.account.findUniqueOrThrow({ where: { personalOwnerId: userId }, select: { id: true } })).id;
}

/** Revokes one of the signed-in user's sessions; another user's session is a 404. */
export async function revokeSession({ ctx, sessionId }: { ctx: UserCtx; sessionId: string }) {
  await (await db()).$transaction(async (tx) => {
    const revoked = await tx.session.updateMany({ where: { id: sessionId, userId: ctx.userId, revokedAt: null }, data: { revokedAt: new Date() } });
    if (revoked.count !== 1) throw notFound("Session not found.");
    await recordAuditEvent(tx, {
      accountId: await personalAccountId(tx, ctx.userId),
      actorUserId: ctx.userId,
      action: "session.revoke",
      targetType: "session",
      targetId: sessionId,
    });
  });
  forgetSessions([sessionId]);
}

/** "Sign out everywhere": revokes every session of the signed-in user, this one too. */
export async function revokeAllSessions({ ctx }: { ctx: UserCtx }) {
  const ids = await (await db()).$transaction(async (tx) => {
    const ids = await revokeUserSessionsTx(tx, { userId: ctx.userId });
    await recordAuditEvent(tx, {
      accountId: await personalAccountId(tx, ctx.userId),
      actorUserId: ctx.userId,
      action: "session.revoke_all",
      targetType: "user",
      targetId: ctx.userId,
      metadata: { count: ids.length },
    });
    return ids;
  });
  forgetSessions(ids);
  return { revoked: ids.length };
}

/** Ends the session a sign-out came from (next-auth's signOut event). No audit entry: an ordinary sign-out. */
export async function endSession({ sessionId }: { sessionId: unknown }) {
  if (typeof sessionId !== "string" || !sessionId) return;
  await (await db()).session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  forgetSessions([sessionId]);
}
