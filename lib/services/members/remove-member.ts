import { badRequest } from "../../api/errors";
import { assertCan, type Ctx } from "../context";
import { assertNotLastAdmin, findMembership, lockAccount } from "./lock-memberships";
import { mutation } from "../mutation";

/**
 * Removes a member (Admins), or the caller themself (anyone may leave). Their keys in this
 * organization are disabled: they were issued for work here, and stop on the next request.
 */
export async function removeMember({ ctx, userId }: { ctx: Ctx; userId: string }) {
  const isSelf = ctx.caller.kind === "user" && ctx.caller.userId === userId;
  if (!isSelf) assertCan(ctx, "members.write");
  if (ctx.account.type !== "ORGANIZATION") throw badRequest("You cannot leave your personal account.");
  return mutation({ ctx }, async ({ tx, audit, emit }) => {
    await lockAccount(tx, ctx.account.id);
    const membership = await findMembership(tx, ctx.account.id, userId);
    await assertNotLastAdmin(tx, ctx.account.id, membership, isSelf ? "leave" : "be removed");
    await tx.membership.delete({ where: { id: membership.id } });
    const disabled = await tx.apiKey.updateMany({ where: { accountId: ctx.account.id, creatorUserId: userId, disabled: false }, data: { disabled: true } });
    emit({ kind: "membership", accountId: ctx.account.id, userId });
    await audit({
      action: isSelf ? "member.leave" : "member.remove",
      targetType: "user",
      targetId: userId,
      metadata: { email: membership.user.email, role: membership.role, keys_disabled: disabled.count },
    });
    return { removed: true };
  });
}
