// Session helpers for server components, server actions and route handlers.
import { getServerSession } from "next-auth";
import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";
import { env } from "../env";
import { redirect } from "next/navigation";
import { authOptions } from "./options";
import { getUser } from "../services/users/get-user";

/** The signed-in user's id, or undefined. */
export async function getSessionUserId(): Promise<string | undefined> {
  const session = await getServerSession(authOptions());
  return (session?.user as { id?: string } | undefined)?.id;
}

/** For pages: the signed-in user, or a redirect to sign-in. A session whose user was deleted counts as none. */
export async function requireUser() {
  const userId = await getSessionUserId();
  const user = userId ? await getUser({ userId }) : null;
  if (!user) redirect("/sign-in");
  return user;
}

/** For route handlers: the user id in the request's session cookie (decoded and verified), or undefined. */
export async function getRequestUserId(req: NextRequest): Promise<string | undefined> {
  const token = await getToken({ req, secret: env().nextAuthSecret });
  return typeof token?.sub === "string" ? token.sub : undefined;
}
