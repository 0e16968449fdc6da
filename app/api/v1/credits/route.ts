// GET /api/v1/credits – the shared credit pool (API_CONTRACT §7), plus balance and the low-balance line
import { route } from "@/lib/api/handler";
import { microsToUsd } from "@/lib/money";
import { getCredits } from "@/lib/services/credits/get-credits";

export const GET = route({ keyKind: "MANAGEMENT", permission: "billing.read" }, async ({ ctx }) => {
  const c = await getCredits({ ctx });
  return {
    data: {
      total_credits: microsToUsd(c.totalCreditsMicros),
      total_usage: microsToUsd(c.totalUsageMicros),
      balance: microsToUsd(c.balanceMicros),
      low_balance_threshold: microsToUsd(c.lowBalanceThresholdMicros),
      is_low: c.isLow,
    },
  };
});
