import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { findGuardrail } from "./guardrail-access";
import { mutation } from "../mutation";

/** Deletes a guardrail and its assignments; its keys and members are no longer restricted by it. */
export async function deleteGuardrail({ ctx, id }: { ctx: Ctx; id: string }) {
  assertCan(ctx, "guardrails.write");
  const result = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "guardrail", accountId: ctx.account.id });
    const guardrail = await findGuardrail(tx, ctx, id);
    await tx.guardrail.delete({ where: { id: guardrail.id, accountId: ctx.account.id } });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "guardrail.delete",
      targetType: "guardrail",
      targetId: guardrail.id,
      metadata: { name: guardrail.name },
    });
    return { deleted: true as const };
  });
  return result;
}
