import { db } from "../../db";

const ACTIVE_RESOLUTION_MS = 5 * 60_000;

/** The user behind a session (null if deleted); refreshes last-active at most every 5 minutes. */
export async function getUser({ userId }: { userId: string }) {
  const client = await db();
  const user = await client.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, lastActiveAt: true, createdAt: true },
  });
  if (user && (!user.lastActiveAt || Date.now() - user.lastActiveAt.getTime() > ACTIVE_RESOLUTION_MS)) {
    await client.user.update({ where: { id: userId }, data: { lastActiveAt: new Date() } });
  }
  return user;
}

/** Whether anyone has signed up yet (the first user may always sign up). */
export async function hasUsers(): Promise<boolean> {
  return (await (await db()).user.count({ take: 1 })) > 0;
}
