// GET /api/v1/byok/{id} – one provider key, without its secret (Admins)
// PATCH /api/v1/byok/{id} – rename, toggle, re-scope or move it (sort_order); `key` replaces the secret (Admins)
// DELETE /api/v1/byok/{id} – delete it (Admins)
import { route } from "@/lib/api/handler";
import { toByokKeyResponse } from "@/lib/api/responses";
import { updateByokKeySchema } from "@/lib/validations/byok";
import { deleteByokKey } from "@/lib/services/byok/delete-byok-key";
import { getByokKey } from "@/lib/services/byok/get-byok-key";
import { updateByokKey } from "@/lib/services/byok/update-byok-key";

export const GET = route({ keyKind: "MANAGEMENT", permission: "providers.read" }, async ({ ctx, params }) => {
  return { data: toByokKeyResponse(await getByokKey({ ctx, id: params.id })) };
});

export const PATCH = route({ keyKind: "MANAGEMENT", permission: "providers.write", body: updateByokKeySchema }, async ({ ctx, body, params }) => {
  return { data: toByokKeyResponse(await updateByokKey({ ctx, id: params.id, input: body })) };
});

export const DELETE = route({ keyKind: "MANAGEMENT", permission: "providers.write" }, async ({ ctx, params }) => {
  return deleteByokKey({ ctx, id: params.id });
});
