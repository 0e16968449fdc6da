// PATCH /api/v1/credits/settings – the low-balance threshold { low_balance_threshold (USD) } (Admins)
import { route } from "@/lib/api/handler";
import { microsToUsd } from "@/lib/money";
import { creditSettingsSchema } from "@/lib/validations/credits";
import { updateCreditSettings } from "@/lib/services/credits/update-credit-settings";

export const PATCH = route({ keyKind: "MANAGEMENT", permission: "billing.write", body: creditSettingsSchema }, async ({ ctx, body }) => {
  const account = await updateCreditSettings({ ctx, input: body });
  return { data: { low_balance_threshold: microsToUsd(account.lowBalanceThresholdMicros) } };
});
