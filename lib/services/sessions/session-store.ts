// Server-side sessions: the row behind each signed-in browser (`sid` in the next-auth JWT).
// isSessionActive runs on every request that resolves a session, so it answers from a short
// in-process cache (on globalThis: Turbopack may load this module twice in one process); a revoke
// on this instance drops the cached entry, so it takes effect on the next request here, and on other
// instances within CACHE_MS. Last seen is written at most once a minute.
import { randomBytes } from "node:crypto";
import { db } from "../../db";

export const SESSION_CACHE_MS = 5_000;
export const LAST_SEEN_RESOLUTION_MS = 60_000;

type Entry = { userId: string; active: boolean; expiresAt: number; lastSeenAt: number; cachedAt: number };
const g = globalThis as unknown as { __tollgateSessionCache?: Map<string, Entry> };
const cache = () => (g.__tollgateSessionCache ??= new Map());

export function newSessionId(): string {
  return randomBytes(16).toString("base64url");
}

/** Forgets cached sessions: one (after a revoke), or all of them. */
export function forgetSessions(sessionIds?: string[]): void {
  if (!sessionIds) cache().clear();
  else for (const id of sessionIds) cache().delete(id);
}

/** Whether `sessionId` is a live session of `userId` (not revoked, not expired); touches last seen. */
export async function isSessionActive({ sessionId, userId }: { sessionId: unknown; userId: unknown }): Promise<boolean> {
  if (typeof sessionId !== "string" || typeof userId !== "string" || !sessionId || !userId) return false;
  const now = Date.now();
  let entry = cache().get(sessionId);
  if (!entry || now - entry.cachedAt > SESSION_CACHE_MS) {
    const row = await (await db()).session.findUnique({
      where: { id: sessionId },
      select: { userId: true, revokedAt: true, expiresAt: true, lastSeenAt: true },
    });
    if (!row) {
      cache().delete(sessionId);
      return false;
    }
    entry = { userId: row.userId, active: !row.revokedAt, expiresAt: row.expiresAt.getTime(), lastSeenAt: row.lastSeenAt.getTime(), cachedAt: now };
    cache().set(sessionId, entry);
  }
  if (!entry.active || entry.userId !== userId || entry.expiresAt <= now) return false;
  if (now - entry.lastSeenAt >= LAST_SEEN_RESOLUTION_MS) {
    entry.lastSeenAt = now;
    await (await db()).session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { lastSeenAt: new Date(now) } });
  }
  return true;
}
