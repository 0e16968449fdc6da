// GET /api/v1/catalog – the instance's provider catalog: providers with their model endpoints and prices
import { route } from "@/lib/api/handler";
import { toCatalogProviderResponse } from "@/lib/api/responses";
import { isInstanceAdmin } from "@/lib/authz/instance-admin";
import { listCatalog } from "@/lib/services/catalog/list-catalog";

export const GET = route({ keyKind: "MANAGEMENT", permission: "account.read" }, async ({ ctx }) => {
  const [providers, canEdit] = await Promise.all([listCatalog({ ctx }), isInstanceAdmin(ctx)]);
  return { data: providers.map(toCatalogProviderResponse), can_edit: canEdit };
});
