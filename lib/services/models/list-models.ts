import { getCatalog, type CatalogModel } from "../../gateway/catalog";
import { modelParameters } from "../../api/responses";

/** The catalog's models with at least one enabled endpoint, filtered like OpenRouter's /models. */
export async function listModels({ q, providers, zdr, supportedParameters }: { q?: string; providers?: string; zdr?: boolean; supportedParameters?: string }) {
  const needed = supportedParameters ? supportedParameters.split(",").map((p) => p.trim()).filter(Boolean) : [];
  const catalog = await getCatalog();
  const wanted = providers ? new Set(providers.split(",").map((p) => p.trim().toLowerCase()).filter(Boolean)) : null;
  const query = q?.trim().toLowerCase();
  const models: { model: CatalogModel; endpoints: CatalogModel["endpoints"] }[] = [];
  for (const model of catalog.models.values()) {
    const endpoints = model.endpoints.filter(
      (e) => e.enabled && e.provider.enabled && (!wanted || wanted.has(e.provider.slug)) && (!zdr || !e.provider.retainsData),
    );
    if (!endpoints.length) continue;
    if (query && !`${model.slug} ${model.name}`.toLowerCase().includes(query)) continue;
    if (needed.length) {
      const has = new Set(modelParameters(endpoints));
      if (!needed.every((p) => has.has(p))) continue;
    }
    models.push({ model, endpoints });
  }
  return models;
}
