// PATCH /api/v1/catalog/endpoints/{id} – edit an endpoint: upstream_model, prices, context_length, enabled, supports_tools (instance admins)
// DELETE /api/v1/catalog/endpoints/{id} – remove it; a model no provider serves any more goes too (instance admins)
import { route } from "@/lib/api/handler";
import { toCatalogEndpointResponse } from "@/lib/api/responses";
import { deleteEndpoint } from "@/lib/services/catalog/delete-endpoint";
import { updateEndpoint } from "@/lib/services/catalog/update-endpoint";
import { updateEndpointSchema } from "@/lib/validations/catalog";

export const PATCH = route({ keyKind: "MANAGEMENT", instanceAdmin: true, body: updateEndpointSchema }, async ({ ctx, body, params }) => {
  return { data: toCatalogEndpointResponse(await updateEndpoint({ ctx, id: params.id, input: body })) };
});

export const DELETE = route({ keyKind: "MANAGEMENT", instanceAdmin: true }, async ({ ctx, params }) => {
  return deleteEndpoint({ ctx, id: params.id });
});
