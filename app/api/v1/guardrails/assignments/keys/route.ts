// GET /api/v1/guardrails/assignments/keys – key assignments of every guardrail, ?limit=&offset=
import { route } from "@/lib/api/handler";
import { toKeyAssignmentResponse } from "@/lib/api/responses";
import { paginationSchema } from "@/lib/validations/pagination";
import { listKeyAssignments } from "@/lib/services/guardrails/list-guardrail-assignments";

export const GET = route({ keyKind: "MANAGEMENT", permission: "guardrails.read", query: paginationSchema }, async ({ ctx, query }) => {
  const { assignments, total } = await listKeyAssignments({ ctx, input: query });
  return { data: assignments.map(toKeyAssignmentResponse), total_count: total };
});
