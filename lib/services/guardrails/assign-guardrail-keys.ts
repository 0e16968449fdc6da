import { badRequest } from "../../api/errors";
import { keyHashesSchema, type KeyHashesInput } from "../../validations/guardrails";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { findGuardrail } from "./guardrail-access";
import { mutation } from "../mutation";

/**
 * Assigns the guardrail to keys of the account. A key holds at most one guardrail: assigning
 * replaces the key's current one. Counts the keys whose guardrail changed.
 */
export async function assignGuardrailKeys({ ctx, id, input }: { ctx: Ctx; id: string; input: KeyHashesInput }) {
  assertCan(ctx, "guardrails.write");
  const { key_hashes } = keyHashesSchema.parse(input);
  const result = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "guardrail", accountId: ctx.account.id });
    const guardrail = await findGuardrail(tx, ctx, id);
    const keys = await tx.apiKey.findMany({ where: { accountId: ctx.account.id, hash: { in: key_hashes } }, select: { id: true, hash: true, label: true, guardrailAssignment: { select: { guardrailId: true } } } });
    const unknown = key_hashes.filter((h) => !keys.some((k) => k.hash === h));
    if (unknown.length) throw badRequest(`No key of this account has the hash ${unknown.join(", ")}.`, { key_hashes: unknown });
    const changed = keys.filter((k) => k.guardrailAssignment?.guardrailId !== guardrail.id);
    for (const k of changed) {
      await tx.guardrailKeyAssignment.upsert({
        where: { apiKeyId: k.id },
        create: { guardrailId: guardrail.id, apiKeyId: k.id, assignedById: ctx.actorUserId },
        update: { guardrailId: guardrail.id, assignedById: ctx.actorUserId, createdAt: new Date() },
      });
    }
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "guardrail.assign_keys",
      targetType: "guardrail",
      targetId: guardrail.id,
      metadata: { name: guardrail.name, keys: changed.map((k) => k.label).join(", "), replaced: changed.filter((k) => k.guardrailAssignment).length },
    });
    return { assigned_count: changed.length };
  });
  return result;
}
