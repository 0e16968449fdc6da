// The server-action counterpart of route(): the same context, permission table and error envelope.
// Actions return { data } or { error: { code, message, metadata } }.
import type { z } from "zod";
import type { Permission } from "../authz/permissions";
import { toAppError, toErrorBody, unauthorized, type ErrorBody } from "./errors";
import { getSessionUserId } from "../auth/session";
import { resolveAccountForUser } from "../services/accounts/resolve-account";
import { assertCan, type Ctx, type UserCtx } from "../services/context";

export type ActionResult<T> = { data: T; error?: undefined } | (ErrorBody & { data?: undefined });

async function run<T>(fn: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { data: await fn() };
  } catch (error) {
    const appError = toAppError(error);
    if (appError.status >= 500) console.error("[action]", error);
    return toErrorBody(appError);
  }
}

async function requireUserId(): Promise<string> {
  const userId = await getSessionUserId();
  if (!userId) throw unauthorized("Your session has ended. Sign in again.");
  return userId;
}

/** An action of a signed-in user outside any one account. */
export function userAction<S extends z.ZodType, T>(schema: S, fn: (args: { ctx: UserCtx; input: z.infer<S> }) => Promise<T>) {
  return (input: unknown) =>
    run(async () => {
      const userId = await requireUserId();
      return fn({ ctx: { userId }, input: schema.parse(input) });
    });
}

/** An action inside the account the URL names; the permission is checked before anything runs. */
export function accountAction<S extends z.ZodType, T>(
  opts: { permission: Permission; schema: S },
  fn: (args: { ctx: Ctx; input: z.infer<S> }) => Promise<T>,
) {
  return (accountSegment: string, input: unknown) =>
    run(async () => {
      const ctx = await resolveAccountForUser({ userId: await requireUserId(), segment: accountSegment });
      assertCan(ctx, opts.permission);
      return fn({ ctx, input: opts.schema.parse(input) });
    });
}

/** An action anyone may call (sign-up). */
export function publicAction<S extends z.ZodType, T>(schema: S, fn: (input: z.infer<S>) => Promise<T>) {
  return (input: unknown) => run(async () => fn(schema.parse(input)));
}
