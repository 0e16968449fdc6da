// GET /api/v1/guardrails/{id}/assignments/keys – the guardrail's keys, ?limit=&offset=
// POST /api/v1/guardrails/{id}/assignments/keys – assign it to keys { key_hashes } (replaces each key's guardrail); 200 { assigned_count }
import { route } from "@/lib/api/handler";
import { toKeyAssignmentResponse } from "@/lib/api/responses";
import { keyHashesSchema } from "@/lib/validations/guardrails";
import { paginationSchema } from "@/lib/validations/pagination";
import { assignGuardrailKeys } from "@/lib/services/guardrails/assign-guardrail-keys";
import { listKeyAssignments } from "@/lib/services/guardrails/list-guardrail-assignments";

export const GET = route({ keyKind: "MANAGEMENT", permission: "guardrails.read", query: paginationSchema }, async ({ ctx, params, query }) => {
  const { assignments, total } = await listKeyAssignments({ ctx, guardrailId: params.id, input: query });
  return { data: assignments.map(toKeyAssignmentResponse), total_count: total };
});

export const POST = route({ keyKind: "MANAGEMENT", permission: "guardrails.write", body: keyHashesSchema }, async ({ ctx, params, body }) => {
  return assignGuardrailKeys({ ctx, id: params.id, input: body });
});
