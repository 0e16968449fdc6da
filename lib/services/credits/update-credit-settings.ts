import { db } from "../../db";
import { usdToMicros } from "../../money";
import { creditSettingsSchema, type CreditSettingsInput } from "../../validations/credits";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";

export async function updateCreditSettings({ ctx, input }: { ctx: Ctx; input: CreditSettingsInput }) {
  assertCan(ctx, "billing.write");
  const { low_balance_threshold } = creditSettingsSchema.parse(input);
  return (await db()).$transaction(async (tx) => {
    const account = await tx.account.update({
      where: { id: ctx.account.id },
      data: { lowBalanceThresholdMicros: usdToMicros(low_balance_threshold) },
      select: { lowBalanceThresholdMicros: true },
    });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "credits.threshold_change",
      targetType: "account",
      targetId: ctx.account.id,
      metadata: { low_balance_threshold_usd: low_balance_threshold },
    });
    return account;
  });
}
