import { badRequest } from "../../api/errors";
import { changeRoleSchema, type ChangeRoleInput } from "../../validations/members";
import { assertCan, type Ctx } from "../context";
import { assertNotLastAdmin, findMembership, lockAccount } from "./lock-memberships";
import { mutation } from "../mutation";

/** Changes a member's role; their session and their management keys act with the new role from the next request. */
export async function changeMemberRole({ ctx, userId, input }: { ctx: Ctx; userId: string; input: ChangeRoleInput }) {
  assertCan(ctx, "members.write");
  const { role } = changeRoleSchema.parse(input);
  if (ctx.account.type !== "ORGANIZATION") throw badRequest("A personal account has no members.");
  return mutation({ ctx }, async ({ tx, audit, emit }) => {
    await lockAccount(tx, ctx.account.id);
    const membership = await findMembership(tx, ctx.account.id, userId);
    if (membership.role === role) return membership;
    if (role !== "ADMIN") await assertNotLastAdmin(tx, ctx.account.id, membership, "be demoted");
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role } });
    emit({ kind: "membership", accountId: ctx.account.id, userId });
    await audit({
      action: "member.role_change",
      targetType: "user",
      targetId: userId,
      metadata: { email: membership.user.email, from: membership.role, to: role },
      before: { role: membership.role },
      after: { role },
    });
    return updated;
  });
}
