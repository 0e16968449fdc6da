import { db } from "../../db";
import type { UserCtx } from "../context";

export type SessionView = { id: string; userAgent: string | null; ip: string | null; createdAt: Date; lastSeenAt: Date; isCurrent: boolean };

/** The signed-in user's live sessions, newest first; `isCurrent` marks the caller's own. */
export async function listSessions({ ctx, currentSessionId }: { ctx: UserCtx; currentSessionId: string | null }): Promise<SessionView[]> {
  const rows = await (await db()).session.findMany({
    where: { userId: ctx.userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
    take: 200,
  });
  return rows.map((r) => ({ ...r, isCurrent: r.id === currentSessionId }));
}
