import type { Prisma } from "../../generated/prisma/client";
import { can } from "../../authz/permissions";
import { assertCan, type Ctx } from "../context";

/**
 * Which keys the caller may see and manage: Admins (and management keys) every key of the account,
 * others only the keys they created. Scoping lives in the where clause, so another member's key
 * is simply not found (404).
 */
export function keyScope(ctx: Ctx): Prisma.ApiKeyWhereInput {
  assertCan(ctx, "keys.read");
  if (can(ctx.role, "keys.manage_all")) return { accountId: ctx.account.id };
  return { accountId: ctx.account.id, creatorUserId: ctx.actorUserId ?? "__nobody__" };
}

export const KEY_INCLUDE = {
  creator: { select: { id: true, name: true, email: true } },
  rotatedFrom: { select: { hash: true } },
  rotatedTo: { select: { hash: true } },
} as const;
