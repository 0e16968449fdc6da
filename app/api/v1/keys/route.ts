// GET /api/v1/keys – the keys the caller may see (API_CONTRACT §4): { data: Key[] }
// POST /api/v1/keys – create a key; 201 { data: Key, key: "<the secret, shown once>" }
import { created, route } from "@/lib/api/handler";
import { toKeyResponse } from "@/lib/api/responses";
import { createKeySchema, listKeysQuerySchema } from "@/lib/validations/keys";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { listApiKeys } from "@/lib/services/api-keys/list-api-keys";
import { ZERO_USAGE } from "@/lib/services/api-keys/key-usage";

export const GET = route({ keyKind: "MANAGEMENT", permission: "keys.read", query: listKeysQuerySchema }, async ({ ctx, query }) => {
  const keys = await listApiKeys({ ctx, includeDisabled: query.include_disabled, offset: query.offset, workspaceId: query.workspace_id });
  return { data: keys.map(toKeyResponse) };
});

export const POST = route({ keyKind: "MANAGEMENT", permission: "keys.write", body: createKeySchema }, async ({ ctx, body }) => {
  const { key, secret } = await createApiKey({ ctx, input: body });
  return created({ data: toKeyResponse({ key, usage: ZERO_USAGE }), key: secret });
});
