// GET /api/v1/guardrails/effective?key_hash=… | ?user_id=… – Tollgate: the merged policy the gateway
// enforces for a key or a member, which guardrail contributes what, and every budget's state
import { route } from "@/lib/api/handler";
import { effectivePolicyQuerySchema } from "@/lib/validations/guardrails";
import { getEffectivePolicy } from "@/lib/services/guardrails/get-effective-policy";

export const GET = route({ keyKind: "MANAGEMENT", permission: "guardrails.read", query: effectivePolicyQuerySchema }, async ({ ctx, query }) => {
  return { data: await getEffectivePolicy({ ctx, input: query }) };
});
