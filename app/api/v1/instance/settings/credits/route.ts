// GET, PATCH /api/v1/instance/settings/credits – the instance's credit model { new_personal_grant_usd, pool_enabled } (the operator only)
import { route } from "@/lib/api/handler";
import { updateInstanceCreditSettingsSchema } from "@/lib/validations/credits";
import { getInstanceCreditSettings, updateInstanceCreditSettings } from "@/lib/services/instance/update-credit-settings";

export const GET = route({ keyKind: "MANAGEMENT", instanceAdmin: true }, async ({ ctx }) => ({ data: await getInstanceCreditSettings({ ctx }) }));

export const PATCH = route({ keyKind: "MANAGEMENT", instanceAdmin: true, body: updateInstanceCreditSettingsSchema }, async ({ ctx, body }) => ({
  data: await updateInstanceCreditSettings({ ctx, input: body }),
}));
