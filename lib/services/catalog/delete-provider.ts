import { badRequest, notFound } from "../../api/errors";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import type { Ctx } from "../context";
import { recordCatalogEvent } from "./catalog-changes";
import { deleteOrphanModels } from "./delete-endpoint";
import { mutation } from "../mutation";

/** Removes a provider and its endpoints from the catalog (not the built-in Sandbox ones). */
export async function deleteProvider({ ctx, slug }: { ctx: Ctx; slug: string }) {
  await requireInstanceAdmin(ctx);
  await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "catalog" });
    const provider = await tx.provider.findUnique({ where: { slug }, include: { endpoints: { select: { modelId: true } } } });
    if (!provider) throw notFound("Provider not found.");
    if (provider.isSandbox) throw badRequest("The Sandbox providers are built in: disable them instead.");
    await tx.provider.delete({ where: { id: provider.id } });
    const models = await deleteOrphanModels(tx, provider.endpoints.map((e) => e.modelId));
    await recordCatalogEvent(tx, ctx, {
      action: "catalog.provider_delete",
      targetType: "provider",
      targetId: provider.id,
      metadata: { provider: slug, name: provider.name, endpoints: provider.endpoints.length, models_removed: models },
    });
  });
  return { deleted: true };
}
