// POST /api/v1/guardrails/{id}/assignments/members/remove – unassign it from members { member_user_ids }; 200 { unassigned_count }
import { route } from "@/lib/api/handler";
import { memberUserIdsSchema } from "@/lib/validations/guardrails";
import { unassignGuardrailMembers } from "@/lib/services/guardrails/unassign-guardrail-members";

export const POST = route({ keyKind: "MANAGEMENT", permission: "guardrails.write", body: memberUserIdsSchema }, async ({ ctx, params, body }) => {
  return unassignGuardrailMembers({ ctx, id: params.id, input: body });
});
