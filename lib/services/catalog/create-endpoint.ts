import { badRequest, conflict, notFound } from "../../api/errors";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import { perMillionToMicros } from "../../gateway/pricing";
import { createEndpointSchema, type CreateEndpointInput } from "../../validations/catalog";
import type { Ctx } from "../context";
import { definedOnly, recordCatalogEvent } from "./catalog-changes";
import { endpointSnapshot, readEndpoint } from "./endpoint-view";
import { mutation } from "../mutation";

/** Makes a provider serve a model; the model is created first when the catalog does not have it yet. */
export async function createEndpoint({ ctx, providerSlug, input }: { ctx: Ctx; providerSlug: string; input: CreateEndpointInput }) {
  await requireInstanceAdmin(ctx);
  const data = createEndpointSchema.parse(input);
  const endpoint = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "catalog" });
    const provider = await tx.provider.findUnique({ where: { slug: providerSlug }, select: { id: true } });
    if (!provider) throw notFound("Provider not found.");
    let model = await tx.model.findUnique({ where: { slug: data.model_slug } });
    const isNewModel = !model;
    if (!model) {
      if (!data.model_name) throw badRequest(`${data.model_slug} is a new model: give it a name.`, { field: "model_name" });
      if (!data.context_length) throw badRequest(`${data.model_slug} is a new model: give its context length.`, { field: "context_length" });
      model = await tx.model.create({ data: { slug: data.model_slug, name: data.model_name, contextLength: data.context_length } });
    } else if (await tx.modelEndpoint.findUnique({ where: { modelId_providerId: { modelId: model.id, providerId: provider.id } }, select: { id: true } })) {
      throw conflict(`This provider already serves ${data.model_slug}: edit that endpoint instead.`, { field: "model_slug" });
    }
    const created = await tx.modelEndpoint.create({
      data: {
        modelId: model.id,
        providerId: provider.id,
        upstreamModel: data.upstream_model,
        promptPriceMicros: perMillionToMicros(data.prompt_price),
        completionPriceMicros: perMillionToMicros(data.completion_price),
        cachedPriceMicros: data.cached_price === undefined || data.cached_price === null ? null : perMillionToMicros(data.cached_price),
        contextLength: data.context_length ?? model.contextLength,
        ...definedOnly({ enabled: data.enabled, supportsTools: data.supports_tools }),
      },
    });
    await recordCatalogEvent(tx, ctx, {
      action: "catalog.endpoint_create",
      targetType: "model_endpoint",
      targetId: created.id,
      metadata: { provider: providerSlug, model: model.slug, model_created: isNewModel, ...endpointSnapshot(created) },
    });
    return readEndpoint(tx, created.id);
  });
  return endpoint;
}
