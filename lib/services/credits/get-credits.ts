import { db } from "../../db";
import { assertCan, type Ctx } from "../context";

/** The pool: balance, what was added in total, what usage took in total, and the low-balance line. */
export async function getCredits({ ctx }: { ctx: Ctx }) {
  assertCan(ctx, "billing.read");
  const client = await db();
  const [account, added, used] = await Promise.all([
    client.account.findUniqueOrThrow({ where: { id: ctx.account.id }, select: { creditBalanceMicros: true, lowBalanceThresholdMicros: true } }),
    client.creditEntry.aggregate({ where: { accountId: ctx.account.id, kind: { in: ["TOP_UP", "ADJUSTMENT"] } }, _sum: { amountMicros: true } }),
    client.creditEntry.aggregate({ where: { accountId: ctx.account.id, kind: "USAGE" }, _sum: { amountMicros: true } }),
  ]);
  const balanceMicros = account.creditBalanceMicros;
  return {
    balanceMicros,
    totalCreditsMicros: added._sum.amountMicros ?? 0n,
    totalUsageMicros: -(used._sum.amountMicros ?? 0n),
    lowBalanceThresholdMicros: account.lowBalanceThresholdMicros,
    isLow: balanceMicros <= account.lowBalanceThresholdMicros,
  };
}
