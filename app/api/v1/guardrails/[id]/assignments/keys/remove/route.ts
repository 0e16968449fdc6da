// POST /api/v1/guardrails/{id}/assignments/keys/remove – unassign it from keys { key_hashes }; 200 { unassigned_count }
import { route } from "@/lib/api/handler";
import { keyHashesSchema } from "@/lib/validations/guardrails";
import { unassignGuardrailKeys } from "@/lib/services/guardrails/unassign-guardrail-keys";

export const POST = route({ keyKind: "MANAGEMENT", permission: "guardrails.write", body: keyHashesSchema }, async ({ ctx, params, body }) => {
  return unassignGuardrailKeys({ ctx, id: params.id, input: body });
});
