// GET /api/v1/settings/privacy – the account's privacy settings { zdr_only, prompt_logging }
// PATCH /api/v1/settings/privacy – change them { zdr_only?, prompt_logging? } (Admins)
import { route } from "@/lib/api/handler";
import { getPrivacySettings, type PrivacySettings } from "@/lib/services/privacy/get-privacy-settings";
import { updatePrivacySettings } from "@/lib/services/privacy/update-privacy-settings";
import { updatePrivacySchema } from "@/lib/validations/privacy";

const toPrivacyResponse = (s: PrivacySettings) => ({ zdr_only: s.zdrOnly, prompt_logging: s.promptLogging });

export const GET = route({ keyKind: "MANAGEMENT", permission: "account.read" }, async ({ ctx }) => {
  return { data: toPrivacyResponse(await getPrivacySettings({ ctx })) };
});

export const PATCH = route({ keyKind: "MANAGEMENT", permission: "account.write", body: updatePrivacySchema }, async ({ ctx, body }) => {
  return { data: toPrivacyResponse(await updatePrivacySettings({ ctx, input: body })) };
});
