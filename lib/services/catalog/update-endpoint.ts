import { notFound } from "../../api/errors";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import { perMillionToMicros } from "../../gateway/pricing";
import { updateEndpointSchema, type UpdateEndpointInput } from "../../validations/catalog";
import type { Ctx } from "../context";
import { definedOnly, diff, recordCatalogEvent } from "./catalog-changes";
import { endpointSnapshot, readEndpoint } from "./endpoint-view";
import { mutation } from "../mutation";

/** Edits one endpoint of the catalog: upstream model id, prices, context length, enabled, tools. */
export async function updateEndpoint({ ctx, id, input }: { ctx: Ctx; id: string; input: UpdateEndpointInput }) {
  await requireInstanceAdmin(ctx);
  const data = updateEndpointSchema.parse(input);
  const endpoint = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "catalog" });
    const before = await tx.modelEndpoint.findUnique({ where: { id }, include: { model: { select: { slug: true } }, provider: { select: { slug: true } } } });
    if (!before) throw notFound("Endpoint not found.");
    const after = await tx.modelEndpoint.update({
      where: { id },
      data: {
        ...definedOnly({
          upstreamModel: data.upstream_model,
          promptPriceMicros: data.prompt_price === undefined ? undefined : perMillionToMicros(data.prompt_price),
          completionPriceMicros: data.completion_price === undefined ? undefined : perMillionToMicros(data.completion_price),
          contextLength: data.context_length,
          enabled: data.enabled,
          supportsTools: data.supports_tools,
        }),
        ...(data.cached_price !== undefined ? { cachedPriceMicros: data.cached_price === null ? null : perMillionToMicros(data.cached_price) } : {}),
      },
    });
    const changes = diff(endpointSnapshot(before), endpointSnapshot(after));
    if (Object.keys(changes).length) {
      await recordCatalogEvent(tx, ctx, {
        action: "catalog.endpoint_update",
        targetType: "model_endpoint",
        targetId: id,
        metadata: { provider: before.provider.slug, model: before.model.slug, changes },
      });
    }
    return readEndpoint(tx, id);
  });
  return endpoint;
}
