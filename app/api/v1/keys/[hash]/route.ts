// GET /api/v1/keys/{hash} – one key; PATCH – update name, disabled, limit, reset, expiry; DELETE – 200 { deleted: true }
import { route } from "@/lib/api/handler";
import { toKeyResponse } from "@/lib/api/responses";
import { updateKeySchema } from "@/lib/validations/keys";
import { deleteApiKey } from "@/lib/services/api-keys/delete-api-key";
import { getApiKey } from "@/lib/services/api-keys/get-api-key";
import { updateApiKey } from "@/lib/services/api-keys/update-api-key";

export const GET = route({ keyKind: "MANAGEMENT", permission: "keys.read" }, async ({ ctx, params }) => {
  return { data: toKeyResponse(await getApiKey({ ctx, hash: params.hash })) };
});

export const PATCH = route({ keyKind: "MANAGEMENT", permission: "keys.write", body: updateKeySchema }, async ({ ctx, params, body }) => {
  return { data: toKeyResponse(await updateApiKey({ ctx, hash: params.hash, input: body })) };
});

export const DELETE = route({ keyKind: "MANAGEMENT", permission: "keys.write" }, async ({ ctx, params }) => {
  return deleteApiKey({ ctx, hash: params.hash });
});
