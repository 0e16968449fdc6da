import type { Tx } from "../../db";
import { notFound } from "../../api/errors";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import type { Ctx } from "../context";
import { recordCatalogEvent } from "./catalog-changes";
import { endpointSnapshot } from "./endpoint-view";
import { mutation } from "../mutation";

/** Deletes the models among modelIds that no provider serves any more; returns their slugs. */
export async function deleteOrphanModels(tx: Tx, modelIds: string[]): Promise<string[]> {
  if (!modelIds.length) return [];
  const orphans = await tx.model.findMany({ where: { id: { in: [...new Set(modelIds)] }, endpoints: { none: {} } }, select: { id: true, slug: true } });
  if (orphans.length) await tx.model.deleteMany({ where: { id: { in: orphans.map((m) => m.id) } } });
  return orphans.map((m) => m.slug);
}

/** Removes one endpoint; a model left without any endpoint leaves the catalog with it. */
export async function deleteEndpoint({ ctx, id }: { ctx: Ctx; id: string }) {
  await requireInstanceAdmin(ctx);
  await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "catalog" });
    const endpoint = await tx.modelEndpoint.findUnique({ where: { id }, include: { model: { select: { slug: true } }, provider: { select: { slug: true } } } });
    if (!endpoint) throw notFound("Endpoint not found.");
    await tx.modelEndpoint.delete({ where: { id } });
    const removed = await deleteOrphanModels(tx, [endpoint.modelId]);
    await recordCatalogEvent(tx, ctx, {
      action: "catalog.endpoint_delete",
      targetType: "model_endpoint",
      targetId: id,
      metadata: { provider: endpoint.provider.slug, model: endpoint.model.slug, model_removed: removed.length > 0, ...endpointSnapshot(endpoint) },
    });
  });
  return { deleted: true };
}
