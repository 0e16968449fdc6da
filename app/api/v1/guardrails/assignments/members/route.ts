// GET /api/v1/guardrails/assignments/members – member assignments of every guardrail, ?limit=&offset=
import { route } from "@/lib/api/handler";
import { toMemberAssignmentResponse } from "@/lib/api/responses";
import { paginationSchema } from "@/lib/validations/pagination";
import { listMemberAssignments } from "@/lib/services/guardrails/list-guardrail-assignments";

export const GET = route({ keyKind: "MANAGEMENT", permission: "guardrails.read", query: paginationSchema }, async ({ ctx, query }) => {
  const { assignments, total } = await listMemberAssignments({ ctx, input: query });
  return { data: assignments.map(toMemberAssignmentResponse), total_count: total };
});
