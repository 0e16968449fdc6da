import { memberUserIdsSchema, type MemberUserIdsInput } from "../../validations/guardrails";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { findGuardrail } from "./guardrail-access";
import { mutation } from "../mutation";

/** Removes the guardrail from members; users it is not assigned to are ignored. */
export async function unassignGuardrailMembers({ ctx, id, input }: { ctx: Ctx; id: string; input: MemberUserIdsInput }) {
  assertCan(ctx, "guardrails.write");
  const { member_user_ids } = memberUserIdsSchema.parse(input);
  const result = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "guardrail", accountId: ctx.account.id });
    const guardrail = await findGuardrail(tx, ctx, id);
    const { count } = await tx.guardrailMemberAssignment.deleteMany({ where: { guardrailId: guardrail.id, accountId: ctx.account.id, userId: { in: member_user_ids } } });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "guardrail.unassign_members",
      targetType: "guardrail",
      targetId: guardrail.id,
      metadata: { name: guardrail.name, count },
    });
    return { unassigned_count: count };
  });
  return result;
}
