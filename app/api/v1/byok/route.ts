// GET /api/v1/byok – the account's provider keys (API_CONTRACT §6), ?limit=&offset=&provider=&workspace_id= (Admins)
// POST /api/v1/byok – add a provider key { provider, key, … }; the secret is stored encrypted and never returned, 201
import { created, route } from "@/lib/api/handler";
import { toByokKeyResponse } from "@/lib/api/responses";
import { createByokKeySchema, listByokKeysSchema } from "@/lib/validations/byok";
import { createByokKey } from "@/lib/services/byok/create-byok-key";
import { listByokKeys } from "@/lib/services/byok/list-byok-keys";

export const GET = route({ keyKind: "MANAGEMENT", permission: "providers.read", query: listByokKeysSchema }, async ({ ctx, query }) => {
  const { keys, total } = await listByokKeys({ ctx, input: query });
  return { data: keys.map(toByokKeyResponse), total_count: total };
});

export const POST = route({ keyKind: "MANAGEMENT", permission: "providers.write", body: createByokKeySchema }, async ({ ctx, body }) => {
  return created({ data: toByokKeyResponse(await createByokKey({ ctx, input: body })) });
});
