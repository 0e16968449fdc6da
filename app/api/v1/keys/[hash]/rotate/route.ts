// POST /api/v1/keys/{hash}/rotate – zero-downtime rotation { revoke_previous_after_seconds: 0..2592000 | null }
// 201 { data: successor Key (rotated_from_hash), key: "<secret, shown once>", previous: Key (its new expiry) }
import { created, route } from "@/lib/api/handler";
import { toKeyResponse } from "@/lib/api/responses";
import { rotateKeySchema } from "@/lib/validations/keys";
import { rotateApiKey } from "@/lib/services/api-keys/rotate-api-key";

export const POST = route({ keyKind: "MANAGEMENT", permission: "keys.write", body: rotateKeySchema }, async ({ ctx, params, body }) => {
  const { successor, previous, secret } = await rotateApiKey({ ctx, hash: params.hash, input: body });
  return created({ data: toKeyResponse(successor), key: secret, previous: toKeyResponse(previous) });
});
