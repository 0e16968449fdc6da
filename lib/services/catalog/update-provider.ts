import { db } from "../../db";
import { badRequest, notFound } from "../../api/errors";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import { encryptSecret } from "../../crypto/secret-box";
import { invalidateCatalog } from "../../gateway/catalog";
import { assertUrlFieldAllowed } from "../../net/outbound-policy";
import { updateProviderSchema, type UpdateProviderInput } from "../../validations/catalog";
import type { Ctx } from "../context";
import { definedOnly, diff, recordCatalogEvent } from "./catalog-changes";
import { providerKeyAssociatedData, readProviderView } from "./list-catalog";

const snapshot = (p: { name: string; baseUrl: string; timeoutMs: number; retainsData: boolean; trainsOnData: boolean; enabled: boolean }) => ({
  name: p.name,
  base_url: p.baseUrl,
  timeout_ms: p.timeoutMs,
  retains_data: p.retainsData,
  trains_on_data: p.trainsOnData,
  enabled: p.enabled,
});

/** Edits a provider of the shared catalog (instance admins): settings, ZDR flags, its instance API key. */
export async function updateProvider({ ctx, slug, input }: { ctx: Ctx; slug: string; input: UpdateProviderInput }) {
  await requireInstanceAdmin(ctx);
  const { api_key, ...fields } = updateProviderSchema.parse(input);
  if (fields.base_url !== undefined) await assertUrlFieldAllowed(fields.base_url, "base_url");
  const view = await (await db()).$transaction(async (tx) => {
    const before = await tx.provider.findUnique({ where: { slug }, omit: { apiKeyCiphertext: false } });
    if (!before) throw notFound("Provider not found.");
    if (before.isSandbox && fields.base_url !== undefined) throw badRequest("A Sandbox provider is built in: its base URL cannot change.", { field: "base_url" });
    if (before.isSandbox && api_key !== undefined) throw badRequest("A Sandbox provider needs no API key.", { field: "api_key" });
    const after = await tx.provider.update({
      where: { id: before.id },
      data: {
        ...definedOnly({
          name: fields.name,
          baseUrl: fields.base_url,
          timeoutMs: fields.timeout_ms,
          retainsData: fields.retains_data,
          trainsOnData: fields.trains_on_data,
          enabled: fields.enabled,
        }),
        ...(api_key !== undefined ? { apiKeyCiphertext: api_key === null ? null : encryptSecret(api_key, providerKeyAssociatedData(slug)) } : {}),
      },
    });
    const changes = diff(snapshot(before), snapshot(after));
    // The key itself never goes into the audit log: only that it was set, replaced or cleared.
    const keyChange = api_key === undefined ? null : api_key === null ? (before.apiKeyCiphertext ? "cleared" : null) : before.apiKeyCiphertext ? "replaced" : "set";
    if (Object.keys(changes).length || keyChange) {
      await recordCatalogEvent(tx, ctx, {
        action: "catalog.provider_update",
        targetType: "provider",
        targetId: before.id,
        metadata: { provider: slug, changes, ...(keyChange ? { api_key: keyChange } : {}) },
      });
    }
    return readProviderView(tx, slug);
  });
  invalidateCatalog();
  return view;
}
