import { db } from "../../db";
import { usdToMicros } from "../../money";
import { adjustmentSchema, type AdjustmentInput } from "../../validations/credits";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { postCreditEntry } from "./post-credit-entry";

/** A signed correction of the pool (refund, goodwill, mistake), always with a reason. */
export async function adjustCredits({ ctx, input }: { ctx: Ctx; input: AdjustmentInput }) {
  assertCan(ctx, "billing.write");
  const { amount, note } = adjustmentSchema.parse(input);
  return (await db()).$transaction(async (tx) => {
    const entry = await postCreditEntry(tx, { ctx, kind: "ADJUSTMENT", amountMicros: usdToMicros(amount), note });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "credits.adjust",
      targetType: "credit_entry",
      targetId: entry.id,
      metadata: { amount_usd: amount, note },
    });
    return entry;
  });
}
