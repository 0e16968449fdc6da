// Who is acting, and in which account. Built by the route wrapper / server-action wrapper / page
// helper, then passed to every service: services scope every query by ctx.account.id.
import type { AccountType, ApiKeyKind, Role } from "../generated/prisma/enums";
import { can, type Permission } from "../authz/permissions";
import { forbidden, unauthorized } from "../api/errors";

export type Caller =
  | { kind: "user"; userId: string; sessionId?: string }
  | { kind: "apiKey"; keyId: string; keyKind: ApiKeyKind; creatorUserId: string | null; creatorRole: Role | null };

export type AccountRef = { id: string; type: AccountType; name: string; slug: string | null };

export type Ctx = {
  caller: Caller;
  account: AccountRef;
  role: Role;
  /** The user behind the action: the signed-in user, or the creator of the API key. */
  actorUserId: string | null;
};

/** A signed-in user acting outside any one account (sign-up, creating an organization). */
export type UserCtx = { userId: string };

export const PERSONAL_SEGMENT = "personal";

/** The URL segment that names an account: its slug, or "personal". */
export function accountSegment(account: Pick<AccountRef, "slug">): string {
  return account.slug ?? PERSONAL_SEGMENT;
}

export function assertCan(ctx: Pick<Ctx, "role">, permission: Permission): void {
  if (!can(ctx.role, permission)) throw forbidden(`Your role does not allow this (${permission}).`);
}

/** The signed-in person behind a session-only route, and their session (API keys have none). */
export function sessionCaller(ctx: Pick<Ctx, "caller">): { userId: string; sessionId: string | null } {
  if (ctx.caller.kind !== "user") throw unauthorized("Sign in: this needs a browser session.");
  return { userId: ctx.caller.userId, sessionId: ctx.caller.sessionId ?? null };
}
