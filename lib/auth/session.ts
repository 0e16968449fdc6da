// Session helpers for server components, server actions and route handlers.
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { env } from "../env";
import { redirect } from "next/navigation";
import { authOptions } from "./options";
import { getUser } from "../services/users/get-user";
import { isSessionActive } from "../services/sessions/session-store";

export type SessionRef = { userId: string; sessionId: string };

/** The signed-in user and their server-side session; none when the session was revoked or ended. */
export async function getSession(): Promise<SessionRef | undefined> {
  const session = await getServerSession(authOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  const sessionId = (session as { sid?: unknown } | null)?.sid;
  return (await isSessionActive({ sessionId, userId })) ? { userId: userId!, sessionId: sessionId as string } : undefined;
}

/** The signed-in user's id, or undefined. */
export async function getSessionUserId(): Promise<string | undefined> {
  return (await getSession())?.userId;
}

/** For pages: the signed-in user, or a redirect to sign-in. A session whose user was deleted counts as none. */
export async function requireUser() {
  const userId = await getSessionUserId();
  const user = userId ? await getUser({ userId }) : null;
  if (!user) redirect("/sign-in");
  return user;
}

/** For route handlers: the session in the request's cookie (decoded, verified, not revoked), or undefined. */
export async function getRequestSession(req: NextRequest): Promise<SessionRef | undefined> {
  const token = await getToken({ req, secret: env().nextAuthSecret });
  return (await isSessionActive({ sessionId: token?.sid, userId: token?.sub })) ? { userId: token!.sub!, sessionId: token!.sid as string } : undefined;
}

export async function getRequestUserId(req: NextRequest): Promise<string | undefined> {
  return (await getRequestSession(req))?.userId;
}
