// Calling route handlers in integration tests as a browser or an SDK would: a real next-auth
// session cookie (signed with the app's secret) or a bearer API key, and JSON bodies.
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { env } from "../env";
import { ACCOUNT_HEADER } from "../api/handler";

type Handler = (req: NextRequest, ctx: { params?: Promise<Record<string, string>> }) => Promise<Response>;

export type As = { userId?: string; apiKey?: string; account?: string };

export async function sessionCookie(userId: string): Promise<string> {
  const token = await encode({ token: { sub: userId }, secret: env().nextAuthSecret });
  return `next-auth.session-token=${token}`;
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
    headers.cookie = await sessionCookie(as.userId);
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
