import { badRequest } from "../../api/errors";
import { memberUserIdsSchema, type MemberUserIdsInput } from "../../validations/guardrails";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { findGuardrail } from "./guardrail-access";
import { mutation } from "../mutation";

/** Assigns the guardrail to members: the baseline of all their keys. Counts the new assignments. */
export async function assignGuardrailMembers({ ctx, id, input }: { ctx: Ctx; id: string; input: MemberUserIdsInput }) {
  assertCan(ctx, "guardrails.write");
  const { member_user_ids } = memberUserIdsSchema.parse(input);
  const userIds = [...new Set(member_user_ids)];
  const result = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "guardrail", accountId: ctx.account.id });
    const guardrail = await findGuardrail(tx, ctx, id);
    const members = await tx.membership.findMany({ where: { accountId: ctx.account.id, userId: { in: userIds } }, select: { userId: true } });
    const unknown = userIds.filter((u) => !members.some((m) => m.userId === u));
    if (unknown.length) throw badRequest(`Not a member of this account: ${unknown.join(", ")}.`, { member_user_ids: unknown });
    const { count } = await tx.guardrailMemberAssignment.createMany({
      data: userIds.map((userId) => ({ guardrailId: guardrail.id, accountId: ctx.account.id, userId, assignedById: ctx.actorUserId })),
      skipDuplicates: true,
    });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "guardrail.assign_members",
      targetType: "guardrail",
      targetId: guardrail.id,
      metadata: { name: guardrail.name, count, user_ids: userIds.join(",") },
    });
    return { assigned_count: count };
  });
  return result;
}
