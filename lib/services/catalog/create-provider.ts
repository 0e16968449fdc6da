import { conflict } from "../../api/errors";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import { encryptSecret } from "../../crypto/secret-box";
import { assertUrlFieldAllowed } from "../../net/outbound-policy";
import { createProviderSchema, type CreateProviderInput } from "../../validations/catalog";
import type { Ctx } from "../context";
import { definedOnly, recordCatalogEvent } from "./catalog-changes";
import { providerKeyAssociatedData, readProviderView } from "./list-catalog";
import { mutation } from "../mutation";

/** Adds a provider to the catalog: OpenAI-compatible (a vLLM or Ollama server, another gateway…), Anthropic or Azure OpenAI. */
export async function createProvider({ ctx, input }: { ctx: Ctx; input: CreateProviderInput }) {
  await requireInstanceAdmin(ctx);
  const data = createProviderSchema.parse(input);
  await assertUrlFieldAllowed(data.base_url, "base_url");
  const view = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "catalog" });
    if (await tx.provider.findUnique({ where: { slug: data.slug }, select: { id: true } })) {
      throw conflict(`A provider named ${data.slug} already exists.`, { field: "slug" });
    }
    const provider = await tx.provider.create({
      data: {
        slug: data.slug,
        name: data.name,
        baseUrl: data.base_url,
        apiFormat: data.api_format ?? "openai",
        config: data.api_version ? { apiVersion: data.api_version } : {},
        apiKeyCiphertext: data.api_key ? encryptSecret(data.api_key, providerKeyAssociatedData(data.slug)) : null,
        isSandbox: false,
        ...definedOnly({ timeoutMs: data.timeout_ms, retainsData: data.retains_data, trainsOnData: data.trains_on_data, enabled: data.enabled }),
      },
    });
    await recordCatalogEvent(tx, ctx, {
      action: "catalog.provider_create",
      targetType: "provider",
      targetId: provider.id,
      metadata: {
        provider: provider.slug,
        name: provider.name,
        base_url: provider.baseUrl,
        api_format: provider.apiFormat,
        retains_data: provider.retainsData,
        trains_on_data: provider.trainsOnData,
        api_key: data.api_key ? "set" : "not set",
      },
    });
    return readProviderView(tx, provider.slug);
  });
  return view;
}
