// POST /api/v1/catalog/providers/{slug}/endpoints – make the provider serve a model (created if new) at given prices (instance admins)
import { created, route } from "@/lib/api/handler";
import { toCatalogEndpointResponse } from "@/lib/api/responses";
import { createEndpoint } from "@/lib/services/catalog/create-endpoint";
import { createEndpointSchema } from "@/lib/validations/catalog";

export const POST = route({ keyKind: "MANAGEMENT", instanceAdmin: true, body: createEndpointSchema }, async ({ ctx, body, params }) => {
  return created({ data: toCatalogEndpointResponse(await createEndpoint({ ctx, providerSlug: params.slug, input: body })) });
});
