// Calling route handlers in integration tests as a browser or an SDK would: a real next-auth
// session cookie (signed with the app's secret) or a bearer API key, and JSON bodies.
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { env } from "../env";
import { ACCOUNT_HEADER } from "../api/handler";
import { SESSION_MAX_AGE_SECONDS } from "../auth/options";
import { createSession } from "../services/sessions/create-session";
import { newSessionId } from "../services/sessions/session-store";

type Handler = (req: NextRequest, ctx: { params?: Promise<Record<string, string>> }) => Promise<Response>;

export type As = { userId?: string; sessionId?: string; apiKey?: string; account?: string };

/** A signed-in browser's cookie, with a server-side session as a real sign-in creates (none for an unknown user). */
export async function sessionCookie(userId: string, sessionId?: string): Promise<string> {
  const sid =
    sessionId ??
    (await createSession({ userId, userAgent: "integration test", ip: "127.0.0.1", maxAgeSeconds: SESSION_MAX_AGE_SECONDS }).then(
      (s) => s.id,
      () => newSessionId(), // no such user: a cookie whose session does not exist
    ));
  return sessionToken({ sub: userId, sid });
}

/** The cookie of exactly this JWT payload (e.g. one without a session id). */
export async function sessionToken(token: Record<string, unknown>): Promise<string> {
  return `next-auth.session-token=${await encode({ token, secret: env().nextAuthSecret })}`;
}

export async function callRoute(
  handler: Handler,
  {
    method = "GET",
    path = "/",
    as = {},
    body,
    params = {},
    headers: extraHeaders = {},
  }: { method?: string; path?: string; as?: As; body?: unknown; params?: Record<string, string | string[]>; headers?: Record<string, string> },
) {
  const headers: Record<string, string> = {};
  if (as.userId) {
    headers.cookie = await sessionCookie(as.userId, as.sessionId);
    headers.origin = "http://localhost"; // a browser's own fetch from our pages sends it
  }
  if (as.apiKey) headers.authorization = `Bearer ${as.apiKey}`;
  if (as.account) headers[ACCOUNT_HEADER] = as.account;
  if (body !== undefined) headers["content-type"] = "application/json";
  Object.assign(headers, extraHeaders);
  for (const [name, value] of Object.entries(headers)) if (value === "") delete headers[name];
  const req = new NextRequest(new URL(path, "http://localhost"), {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const res = await handler(req, { params: Promise.resolve(params as Record<string, string>) }); // a catch-all segment is a string[]
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get("content-type"), body: text ? JSON.parse(text) : null };
}
