import { db } from "../../db";
import { badRequest } from "../../api/errors";
import { changeRoleSchema, type ChangeRoleInput } from "../../validations/members";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { assertNotLastAdmin, findMembership, lockAccount } from "./lock-memberships";

export async function changeMemberRole({ ctx, userId, input }: { ctx: Ctx; userId: string; input: ChangeRoleInput }) {
  assertCan(ctx, "members.write");
  const { role } = changeRoleSchema.parse(input);
  if (ctx.account.type !== "ORGANIZATION") throw badRequest("A personal account has no members.");
  return (await db()).$transaction(async (tx) => {
    await lockAccount(tx, ctx.account.id);
    const membership = await findMembership(tx, ctx.account.id, userId);
    if (membership.role === role) return membership;
    if (role !== "ADMIN") await assertNotLastAdmin(tx, ctx.account.id, membership, "be demoted");
    const updated = await tx.membership.update({ where: { id: membership.id }, data: { role } });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "member.role_change",
      targetType: "user",
      targetId: userId,
      metadata: { email: membership.user.email, from: membership.role, to: role },
    });
    return updated;
  });
}
