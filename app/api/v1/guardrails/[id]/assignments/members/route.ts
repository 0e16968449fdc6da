// GET /api/v1/guardrails/{id}/assignments/members – the guardrail's members, ?limit=&offset=
// POST /api/v1/guardrails/{id}/assignments/members – assign it to members { member_user_ids }; 200 { assigned_count }
import { route } from "@/lib/api/handler";
import { toMemberAssignmentResponse } from "@/lib/api/responses";
import { memberUserIdsSchema } from "@/lib/validations/guardrails";
import { paginationSchema } from "@/lib/validations/pagination";
import { assignGuardrailMembers } from "@/lib/services/guardrails/assign-guardrail-members";
import { listMemberAssignments } from "@/lib/services/guardrails/list-guardrail-assignments";

export const GET = route({ keyKind: "MANAGEMENT", permission: "guardrails.read", query: paginationSchema }, async ({ ctx, params, query }) => {
  const { assignments, total } = await listMemberAssignments({ ctx, guardrailId: params.id, input: query });
  return { data: assignments.map(toMemberAssignmentResponse), total_count: total };
});

export const POST = route({ keyKind: "MANAGEMENT", permission: "guardrails.write", body: memberUserIdsSchema }, async ({ ctx, params, body }) => {
  return assignGuardrailMembers({ ctx, id: params.id, input: body });
});
