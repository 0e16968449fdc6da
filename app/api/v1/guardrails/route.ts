// GET /api/v1/guardrails – the guardrails the caller may see (API_CONTRACT §5), ?limit=&offset=&workspace_id=
// POST /api/v1/guardrails – create a guardrail (Admins); 201 { data: Guardrail }
import { created, route } from "@/lib/api/handler";
import { toGuardrailResponse } from "@/lib/api/responses";
import { createGuardrailSchema, listGuardrailsSchema } from "@/lib/validations/guardrails";
import { createGuardrail } from "@/lib/services/guardrails/create-guardrail";
import { listGuardrails } from "@/lib/services/guardrails/list-guardrails";

export const GET = route({ keyKind: "MANAGEMENT", permission: "guardrails.read", query: listGuardrailsSchema }, async ({ ctx, query }) => {
  const { guardrails, total } = await listGuardrails({ ctx, input: query });
  return { data: guardrails.map(toGuardrailResponse), total_count: total };
});

export const POST = route({ keyKind: "MANAGEMENT", permission: "guardrails.write", body: createGuardrailSchema }, async ({ ctx, body }) => {
  return created({ data: toGuardrailResponse(await createGuardrail({ ctx, input: body })) });
});
