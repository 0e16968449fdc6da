// The one wrapper for route handlers: caller (session or API key) -> account -> permission ->
// parse -> handler -> error mapping. Routes stay thin and never try/catch.
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import type { ApiKeyKind } from "../generated/prisma/enums";
import type { Permission } from "../authz/permissions";
import { requireInstanceAdmin } from "../authz/instance-admin";
import { AppError, badRequest, forbidden, toAppError, toErrorBody, unauthorized } from "./errors";
import { bearerApiKey } from "../auth/api-keys";
import { assertCleanInput, cleanQuery, requiredCleanHeader } from "./clean-input";
import { getRequestSession } from "../auth/session";
import { authenticateApiKey } from "../services/api-keys/authenticate-api-key";
import { resolveAccountForUser } from "../services/accounts/resolve-account";
import { assertCan, PERSONAL_SEGMENT, type Ctx } from "../services/context";

/** A session caller picks the account with this header (an organization slug or "personal"). */
export const ACCOUNT_HEADER = "x-tollgate-account";

type RouteOptions<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> = {
  /** Which key kind may call; sessions may always call (subject to `permission`). */
  keyKind?: ApiKeyKind;
  /** Session callers are refused (the gateway accepts keys only). */
  keysOnly?: boolean;
  /** API keys are refused: only a signed-in person may do this (accepting an invitation). */
  sessionOnly?: boolean;
  permission?: Permission;
  /** Only instance admins (the shared provider catalog); checked before the body is read. */
  instanceAdmin?: boolean;
  body?: B;
  query?: Q;
};

type HandlerArgs<B, Q> = {
  ctx: Ctx;
  body: B;
  query: Q;
  params: Record<string, string>;
  req: NextRequest;
};

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export function json(data: unknown, status = 200, headers?: Record<string, string>) {
  return NextResponse.json(data, { status, headers });
}

/** 201 for creates (the OpenRouter SDK rejects a 200 there). */
export const created = (data: unknown) => json(data, 201);

export function errorResponse(error: AppError) {
  return json(toErrorBody(error), error.status, error.headers);
}

/** The caller of a bearer API key (`Authorization` header), refused unless it is of `keyKind`. */
export async function apiKeyCaller(authorization: string, keyKind?: ApiKeyKind): Promise<Ctx> {
  const key = bearerApiKey(authorization);
  if (!key) throw unauthorized("Invalid API key.");
  const ctx = await authenticateApiKey({ key });
  if (keyKind && ctx.keyKind !== keyKind) {
    throw forbidden(
      keyKind === "MANAGEMENT"
        ? "This endpoint needs a management key; inference keys can only call the gateway."
        : "This endpoint needs an inference key; management keys cannot call the gateway.",
    );
  }
  return ctx;
}

async function callerContext(req: NextRequest, opts: { keyKind?: ApiKeyKind; keysOnly?: boolean; sessionOnly?: boolean }): Promise<Ctx> {
  const authorization = req.headers.get("authorization");
  if (authorization && opts.sessionOnly) throw forbidden("Only a signed-in person can do this, not an API key.");
  if (authorization) return apiKeyCaller(authorization, opts.keyKind);
  if (opts.keysOnly) throw unauthorized("Missing API key: send Authorization: Bearer <key>.");
  const session = await getRequestSession(req);
  if (!session) throw unauthorized("Sign in or send Authorization: Bearer <key>.");
  assertNotCrossSite(req);
  const segment = requiredCleanHeader(ACCOUNT_HEADER, req.headers.get(ACCOUNT_HEADER));
  const ctx = await resolveAccountForUser({ userId: session.userId, segment: segment ?? PERSONAL_SEGMENT });
  return { ...ctx, caller: { kind: "user", userId: session.userId, sessionId: session.sessionId } };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function isSameOrigin(req: NextRequest): boolean {
  const origin = req.headers.get("origin");
  if (!origin || origin === "null") return false;
  const ours = new Set([req.nextUrl.origin]);
  const host = req.headers.get("host");
  if (host) ours.add(`${req.nextUrl.protocol}//${host}`);
  if (process.env.NEXTAUTH_URL) {
    try {
      ours.add(new URL(process.env.NEXTAUTH_URL).origin);
    } catch {
      // env() validates NEXTAUTH_URL; an unparsable one simply matches nothing here
    }
  }
  return ours.has(origin);
}

/**
 * CSRF: a browser sends the session cookie with any site's form or fetch. A write by cookie must
 * come from our own pages: the x-tollgate-account header (a cross-site page cannot set it without
 * a CORS preflight we never answer) or a same-origin Origin, and a body must be JSON (a form can
 * only send text/plain, urlencoded or multipart). API keys are not sent by browsers on their own.
 */
function assertNotCrossSite(req: NextRequest) {
  if (SAFE_METHODS.has(req.method)) return;
  if (!req.headers.has(ACCOUNT_HEADER) && !isSameOrigin(req)) {
    throw forbidden(`A signed-in write needs the ${ACCOUNT_HEADER} header or a same-origin Origin header.`);
  }
  const type = req.headers.get("content-type");
  const length = req.headers.get("content-length");
  const hasBody = type !== null || (length !== null && length !== "0") || req.headers.has("transfer-encoding");
  if (hasBody && !JSON_TYPE.test(type ?? "")) throw forbidden("A signed-in write with a body needs Content-Type: application/json.");
}

/** Bodies above this are a 413 (scripts/serve.mjs refuses a larger Content-Length before Next reads it). */
export const MAX_API_BODY_BYTES = 10 * 1024 * 1024;

async function readJson(req: NextRequest): Promise<unknown> {
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_API_BODY_BYTES) {
    throw new AppError("payload_too_large", `The request body is larger than ${MAX_API_BODY_BYTES / 1024 / 1024} MB.`);
  }
  return parseJsonBody(text);
}

/** A request body as JSON: an empty body is `{}`, malformed JSON a 400, unsafe text a 400 naming the field. */
export function parseJsonBody(text: string): unknown {
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest("Malformed JSON in the request body.");
  }
  assertCleanInput("body", body);
  return body;
}

export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  opts: RouteOptions<B, Q>,
  handler: (args: HandlerArgs<Infer<B>, Infer<Q>>) => Promise<unknown>,
) {
  return async (req: NextRequest, context: { params?: Promise<Record<string, string>> }) => {
    try {
      const params = (await context.params) ?? {};
      assertCleanInput("params", params);
      const rawQuery = cleanQuery(req.nextUrl.searchParams);
      const ctx = await callerContext(req, opts);
      if (opts.permission) assertCan(ctx, opts.permission);
      if (opts.instanceAdmin) await requireInstanceAdmin(ctx);
      const query = opts.query ? opts.query.parse(rawQuery) : undefined;
      const body = opts.body ? opts.body.parse(await readJson(req)) : undefined;
      const result = await handler({ ctx, body: body as Infer<B>, query: query as Infer<Q>, params, req });
      return result instanceof Response ? result : json(result);
    } catch (error) {
      const appError = toAppError(error);
      if (appError.status === 500) console.error(`[api] ${req.method} ${req.nextUrl.pathname}`, error);
      return errorResponse(appError);
    }
  };
}

/** The public base URL for links we hand out (invitations): NEXTAUTH_URL, else the request's origin. */
export function publicBaseUrl(req: NextRequest): string {
  return (process.env.NEXTAUTH_URL ?? req.nextUrl.origin).replace(/\/$/, "");
}
