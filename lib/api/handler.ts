// The one wrapper for route handlers: caller (session or API key) -> account -> permission ->
// parse -> handler -> error mapping. Routes stay thin and never try/catch.
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import type { ApiKeyKind } from "../generated/prisma/enums";
import type { Permission } from "../authz/permissions";
import { requireInstanceAdmin } from "../authz/instance-admin";
import { badRequest, forbidden, toAppError, toErrorBody, unauthorized, type AppError } from "./errors";
import { bearerApiKey } from "../auth/api-keys";
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
  const ctx = await resolveAccountForUser({ userId: session.userId, segment: req.headers.get(ACCOUNT_HEADER) ?? PERSONAL_SEGMENT });
  return { ...ctx, caller: { kind: "user", userId: session.userId, sessionId: session.sessionId } };
}

async function readJson(req: NextRequest): Promise<unknown> {
  return parseJsonBody(await req.text());
}

/** A request body as JSON: an empty body is `{}`, malformed JSON a 400. */
export function parseJsonBody(text: string): unknown {
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw badRequest("Malformed JSON in the request body.");
  }
}

export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  opts: RouteOptions<B, Q>,
  handler: (args: HandlerArgs<Infer<B>, Infer<Q>>) => Promise<unknown>,
) {
  return async (req: NextRequest, context: { params?: Promise<Record<string, string>> }) => {
    try {
      const ctx = await callerContext(req, opts);
      if (opts.permission) assertCan(ctx, opts.permission);
      if (opts.instanceAdmin) await requireInstanceAdmin(ctx);
      const query = opts.query ? opts.query.parse(Object.fromEntries(req.nextUrl.searchParams)) : undefined;
      const body = opts.body ? opts.body.parse(await readJson(req)) : undefined;
      const params = (await context.params) ?? {};
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
