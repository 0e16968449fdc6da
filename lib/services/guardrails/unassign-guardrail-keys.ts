import { keyHashesSchema, type KeyHashesInput } from "../../validations/guardrails";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { findGuardrail } from "./guardrail-access";
import { mutation } from "../mutation";

/** Removes the guardrail from keys; hashes the guardrail is not assigned to are ignored. */
export async function unassignGuardrailKeys({ ctx, id, input }: { ctx: Ctx; id: string; input: KeyHashesInput }) {
  assertCan(ctx, "guardrails.write");
  const { key_hashes } = keyHashesSchema.parse(input);
  const result = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "guardrail", accountId: ctx.account.id });
    const guardrail = await findGuardrail(tx, ctx, id);
    const { count } = await tx.guardrailKeyAssignment.deleteMany({ where: { guardrailId: guardrail.id, apiKey: { accountId: ctx.account.id, hash: { in: key_hashes } } } });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "guardrail.unassign_keys",
      targetType: "guardrail",
      targetId: guardrail.id,
      metadata: { name: guardrail.name, count },
    });
    return { unassigned_count: count };
  });
  return result;
}
