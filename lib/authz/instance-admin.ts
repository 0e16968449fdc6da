// Instance administration sits beside the role table: roles are per account, but what the whole
// instance shares (the provider catalog) is edited only by instance admins (User.isInstanceAdmin,
// given to the first user who signed up). Everyone may read it.
import { forbidden } from "../api/errors";
import { db } from "../db";
import type { Ctx } from "../services/context";

/**
 * Whether the caller acts as an instance admin: a signed-in instance admin, or a management key of
 * an instance admin's personal account (a key in an organization is shared with its other Admins,
 * so it never carries instance rights).
 */
export async function isInstanceAdmin(ctx: Pick<Ctx, "caller" | "account" | "actorUserId">): Promise<boolean> {
  if (!ctx.actorUserId) return false;
  if (ctx.caller.kind === "apiKey" && ctx.caller.keyKind !== "MANAGEMENT") return false;
  const user = await (await db()).user.findUnique({
    where: { id: ctx.actorUserId },
    select: { isInstanceAdmin: true, personalAccount: { select: { id: true } } },
  });
  if (!user?.isInstanceAdmin) return false;
  return ctx.caller.kind === "user" || user.personalAccount?.id === ctx.account.id;
}

export async function requireInstanceAdmin(
  ctx: Pick<Ctx, "caller" | "account" | "actorUserId">,
  message = "Only an instance admin can do this (the first user who signed up to this Tollgate).",
): Promise<void> {
  if (!(await isInstanceAdmin(ctx))) {
    throw forbidden(message);
  }
}
