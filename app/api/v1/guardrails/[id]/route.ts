// GET /api/v1/guardrails/{id} – one guardrail; PATCH – update it (lists are replaced whole); DELETE – 200 { deleted: true }
import { route } from "@/lib/api/handler";
import { toGuardrailResponse } from "@/lib/api/responses";
import { updateGuardrailSchema } from "@/lib/validations/guardrails";
import { deleteGuardrail } from "@/lib/services/guardrails/delete-guardrail";
import { getGuardrail } from "@/lib/services/guardrails/get-guardrail";
import { updateGuardrail } from "@/lib/services/guardrails/update-guardrail";

export const GET = route({ keyKind: "MANAGEMENT", permission: "guardrails.read" }, async ({ ctx, params }) => {
  return { data: toGuardrailResponse(await getGuardrail({ ctx, id: params.id })) };
});

export const PATCH = route({ keyKind: "MANAGEMENT", permission: "guardrails.write", body: updateGuardrailSchema }, async ({ ctx, params, body }) => {
  return { data: toGuardrailResponse(await updateGuardrail({ ctx, id: params.id, input: body })) };
});

export const DELETE = route({ keyKind: "MANAGEMENT", permission: "guardrails.write" }, async ({ ctx, params }) => {
  return deleteGuardrail({ ctx, id: params.id });
});
