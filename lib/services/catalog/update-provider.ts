import { badRequest, notFound } from "../../api/errors";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import { encryptSecret } from "../../crypto/secret-box";
import { assertUrlFieldAllowed } from "../../net/outbound-policy";
import { updateProviderSchema, type UpdateProviderInput } from "../../validations/catalog";
import type { Ctx } from "../context";
import { definedOnly, diff, recordCatalogEvent } from "./catalog-changes";
import { providerKeyAssociatedData, readProviderView } from "./list-catalog";
import { mutation } from "../mutation";

const snapshot = (p: { name: string; baseUrl: string; apiFormat: string; config: unknown; timeoutMs: number; retainsData: boolean; trainsOnData: boolean; enabled: boolean }) => ({
  name: p.name,
  base_url: p.baseUrl,
  api_format: p.apiFormat,
  api_version: (p.config as { apiVersion?: string } | null)?.apiVersion ?? null,
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
  const view = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "catalog" });
    const before = await tx.provider.findUnique({ where: { slug }, omit: { apiKeyCiphertext: false } });
    if (!before) throw notFound("Provider not found.");
    if (before.isSandbox && fields.base_url !== undefined) throw badRequest("A Sandbox provider is built in: its base URL cannot change.", { field: "base_url" });
    if (before.isSandbox && api_key !== undefined) throw badRequest("A Sandbox provider needs no API key.", { field: "api_key" });
    if (before.isSandbox && fields.api_format !== undefined && fields.api_format !== "openai") throw badRequest("A Sandbox provider speaks the OpenAI format.", { field: "api_format" });
    const config = fields.api_version === undefined ? undefined : { ...((before.config as Record<string, unknown> | null) ?? {}), apiVersion: fields.api_version ?? undefined };
    const after = await tx.provider.update({
      where: { id: before.id },
      data: {
        ...definedOnly({
          name: fields.name,
          baseUrl: fields.base_url,
          apiFormat: fields.api_format,
          config: config as never,
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
  return view;
}
