// GET /api/v1/instance/accounts – every account of the instance with its credit balance (the operator only)
import { route } from "@/lib/api/handler";
import { microsToUsd } from "@/lib/money";
import { listAccountBalances } from "@/lib/services/instance/list-account-balances";

export const GET = route({ keyKind: "MANAGEMENT", instanceAdmin: true }, async ({ ctx }) => {
  const accounts = await listAccountBalances({ ctx });
  return {
    data: accounts.map((a) => ({
      id: a.id,
      name: a.name,
      type: a.type.toLowerCase(),
      slug: a.slug,
      owner_email: a.personalOwner?.email ?? null,
      balance: microsToUsd(a.creditBalanceMicros),
      low_balance_threshold: microsToUsd(a.lowBalanceThresholdMicros),
    })),
  };
});
