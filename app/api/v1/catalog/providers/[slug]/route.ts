// PATCH /api/v1/catalog/providers/{slug} – edit a provider: name, base_url, timeout_ms, enabled, retains_data, trains_on_data, api_key (string sets, null clears) (instance admins)
// DELETE /api/v1/catalog/providers/{slug} – remove a custom provider and its endpoints (instance admins)
import { route } from "@/lib/api/handler";
import { toCatalogProviderResponse } from "@/lib/api/responses";
import { deleteProvider } from "@/lib/services/catalog/delete-provider";
import { updateProvider } from "@/lib/services/catalog/update-provider";
import { updateProviderSchema } from "@/lib/validations/catalog";

export const PATCH = route({ keyKind: "MANAGEMENT", instanceAdmin: true, body: updateProviderSchema }, async ({ ctx, body, params }) => {
  return { data: toCatalogProviderResponse(await updateProvider({ ctx, slug: params.slug, input: body })) };
});

export const DELETE = route({ keyKind: "MANAGEMENT", instanceAdmin: true }, async ({ ctx, params }) => {
  return deleteProvider({ ctx, slug: params.slug });
});
