import { updateGuardrailSchema, type UpdateGuardrailInput } from "../../validations/guardrails";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { guardrailData } from "./create-guardrail";
import { findGuardrail } from "./guardrail-access";
import { mutation } from "../mutation";

/** Updates the fields that were sent; lists are replaced whole (send the desired set). */
export async function updateGuardrail({ ctx, id, input }: { ctx: Ctx; id: string; input: UpdateGuardrailInput }) {
  assertCan(ctx, "guardrails.write");
  const parsed = updateGuardrailSchema.parse(input);
  const data = guardrailData(parsed);
  const result = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "guardrail", accountId: ctx.account.id });
    const current = await findGuardrail(tx, ctx, id);
    const guardrail = await tx.guardrail.update({ where: { id: current.id, accountId: ctx.account.id }, data });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "guardrail.update",
      targetType: "guardrail",
      targetId: current.id,
      metadata: { name: guardrail.name, fields: Object.keys(parsed).join(",") },
    });
    return guardrail;
  });
  return result;
}
