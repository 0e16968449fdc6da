import { db } from "../../db";
import { usdToMicros } from "../../money";
import { topUpSchema, type TopUpInput } from "../../validations/credits";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { postCreditEntry } from "./post-credit-entry";

/** A top-up of the shared credit pool (no payment processor: an Admin records it). */
export async function addCredits({ ctx, input }: { ctx: Ctx; input: TopUpInput }) {
  assertCan(ctx, "billing.write");
  const { amount, note } = topUpSchema.parse(input);
  return (await db()).$transaction(async (tx) => {
    const entry = await postCreditEntry(tx, { ctx, kind: "TOP_UP", amountMicros: usdToMicros(amount), note: note || null });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "credits.top_up",
      targetType: "credit_entry",
      targetId: entry.id,
      metadata: { amount_usd: amount, note: note ?? null },
    });
    return entry;
  });
}
