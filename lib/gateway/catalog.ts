// The provider catalog in memory: the request path reads it without a query. Reloaded when an
// Admin edits it (invalidateCatalog) and at least every CATALOG_TTL_MS for other instances.
import { db } from "../db";
import { subscribeCache } from "../cache/entity-cache";
import { DEFAULT_CATALOG } from "./default-catalog";
import { perMillionToMicros } from "./pricing";

export const CATALOG_TTL_MS = 10_000;

export type CatalogProvider = {
  id: string; slug: string; name: string; baseUrl: string; apiKeyCiphertext: string | null; enabled: boolean;
  retainsData: boolean; trainsOnData: boolean; isSandbox: boolean; timeoutMs: number;
  /** The wire format (lib/gateway/providers/<format>/) and its non-secret settings. */
  apiFormat: string; config: unknown;
};
export type CatalogEndpoint = {
  id: string; modelSlug: string; provider: CatalogProvider; upstreamModel: string;
  promptPriceMicros: bigint; completionPriceMicros: bigint; cachedPriceMicros: bigint | null; cacheWritePriceMicros: bigint | null;
  /** string[] of request parameters; null: what the provider's format supports. */
  supportedParameters: unknown;
  contextLength: number; maxCompletionTokens: number | null; supportsTools: boolean; enabled: boolean;
};
export type CatalogModel = { id: string; slug: string; name: string; description: string | null; contextLength: number; createdAt: Date; endpoints: CatalogEndpoint[] };
export type Catalog = { models: Map<string, CatalogModel>; providers: Map<string, CatalogProvider>; loadedAt: number };

const g = globalThis as unknown as { __tollgateCatalog?: Promise<Catalog> | null; __tollgateCatalogAt?: number };

async function load(): Promise<Catalog> {
  const client = await db();
  const [providers, models] = await Promise.all([
    client.provider.findMany({ omit: { apiKeyCiphertext: false } }), // the gateway decrypts instance keys
    client.model.findMany({ include: { endpoints: true }, orderBy: { slug: "asc" } }),
  ]);
  const byId = new Map(providers.map((p) => [p.id, p]));
  return {
    providers: new Map(providers.map((p) => [p.slug, p])),
    models: new Map(
      models.map((m) => [
        m.slug,
        {
          id: m.id, slug: m.slug, name: m.name, description: m.description, contextLength: m.contextLength, createdAt: m.createdAt,
          endpoints: m.endpoints.map((e) => ({ ...e, modelSlug: m.slug, provider: byId.get(e.providerId)! })),
        },
      ]),
    ),
    loadedAt: Date.now(),
  };
}

export async function getCatalog(): Promise<Catalog> {
  if (!g.__tollgateCatalog || Date.now() - (g.__tollgateCatalogAt ?? 0) > CATALOG_TTL_MS) {
    g.__tollgateCatalogAt = Date.now();
    const pending = load();
    g.__tollgateCatalog = pending;
    pending.catch(() => (g.__tollgateCatalog = null));
  }
  return g.__tollgateCatalog!;
}

export function invalidateCatalog(): void {
  g.__tollgateCatalog = null;
}

subscribeCache("catalog", ["catalog"], invalidateCatalog);

/** Inserts the default catalog into an empty instance (first start). Existing rows are left alone. */
export async function ensureDefaultCatalog(): Promise<boolean> {
  const client = await db();
  if ((await client.provider.count()) > 0) return false;
  await client.$transaction(async (tx) => {
    const ids = new Map<string, string>();
    for (const p of DEFAULT_CATALOG.providers) {
      const row = await tx.provider.create({ data: { ...p, trainsOnData: p.trainsOnData ?? false, isSandbox: p.isSandbox ?? false } });
      ids.set(p.slug, row.id);
    }
    for (const m of DEFAULT_CATALOG.models) {
      await tx.model.create({
        data: {
          slug: m.slug, name: m.name, description: m.description, contextLength: m.contextLength,
          endpoints: {
            create: m.endpoints.map((e) => ({
              providerId: ids.get(e.provider)!,
              upstreamModel: e.upstreamModel,
              promptPriceMicros: perMillionToMicros(e.prompt),
              completionPriceMicros: perMillionToMicros(e.completion),
              cachedPriceMicros: e.cached === undefined ? null : perMillionToMicros(e.cached),
              cacheWritePriceMicros: e.cacheWrite === undefined ? null : perMillionToMicros(e.cacheWrite),
              maxCompletionTokens: e.maxOutput ?? null,
              ...(e.parameters ? { supportedParameters: e.parameters } : {}),
              contextLength: m.contextLength,
            })),
          },
        },
      });
    }
  });
  invalidateCatalog();
  return true;
}
