// GET /api/v1/settings/sign-up – who may create an account on this instance { mode, domains, is_default }
// PATCH /api/v1/settings/sign-up – change it { mode?: open|invite_only|domains, domains? } (instance admin)
import { route } from "@/lib/api/handler";
import { getSignUpPolicy, type SignUpPolicyView } from "@/lib/services/instance/sign-up-policy";
import { updateSignUpPolicy } from "@/lib/services/instance/update-sign-up-policy";
import { updateSignUpPolicySchema } from "@/lib/validations/instance";

const toSignUpResponse = (p: SignUpPolicyView) => ({ mode: p.mode, domains: p.domains, is_default: p.isDefault });

export const GET = route({ keyKind: "MANAGEMENT" }, async () => {
  return { data: toSignUpResponse(await getSignUpPolicy()) };
});

export const PATCH = route({ keyKind: "MANAGEMENT", instanceAdmin: true, body: updateSignUpPolicySchema }, async ({ ctx, body }) => {
  return { data: toSignUpResponse(await updateSignUpPolicy({ ctx, input: body })) };
});
