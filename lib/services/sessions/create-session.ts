import { db } from "../../db";
import { newSessionId } from "./session-store";

/** A new server-side session for a sign-in; its id goes into the JWT. */
export async function createSession({ userId, userAgent, ip, maxAgeSeconds }: { userId: string; userAgent: string | null; ip: string | null; maxAgeSeconds: number }) {
  const now = new Date();
  return (await db()).session.create({
    data: {
      id: newSessionId(),
      userId,
      userAgent: userAgent?.slice(0, 500) ?? null,
      ip: ip?.slice(0, 100) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + maxAgeSeconds * 1000),
    },
    select: { id: true },
  });
}
