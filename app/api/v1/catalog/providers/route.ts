// POST /api/v1/catalog/providers – add a custom OpenAI-compatible provider { slug, name, base_url, api_key?, … } (instance admins)
import { created, route } from "@/lib/api/handler";
import { toCatalogProviderResponse } from "@/lib/api/responses";
import { createProvider } from "@/lib/services/catalog/create-provider";
import { createProviderSchema } from "@/lib/validations/catalog";

export const POST = route({ keyKind: "MANAGEMENT", instanceAdmin: true, body: createProviderSchema }, async ({ ctx, body }) => {
  return created({ data: toCatalogProviderResponse(await createProvider({ ctx, input: body })) });
});
