// A paid provider on a real local upstream (the Sandbox upstream server) with models at $1/$2 per
// million prompt/completion tokens, for tests that need requests to cost credits.
import { db } from "../db";
import { encryptSecret } from "../crypto/secret-box";
import { invalidateCatalog } from "../gateway/catalog";
import { perMillionToMicros } from "../gateway/pricing";

export async function installPaidModels(url: string, providerSlug: string, modelSlugs: string[]): Promise<void> {
  const client = await db();
  const provider = await client.provider.create({
    data: { slug: providerSlug, name: `Paid ${providerSlug}`, baseUrl: url, retainsData: false, isSandbox: false, timeoutMs: 1500, apiKeyCiphertext: encryptSecret(`sk-${providerSlug}`, `provider:${providerSlug}`) },
  });
  for (const slug of modelSlugs) {
    await client.model.create({
      data: {
        slug, name: slug, contextLength: 8192,
        endpoints: { create: [{ providerId: provider.id, upstreamModel: `${slug}-up`, promptPriceMicros: perMillionToMicros(1), completionPriceMicros: perMillionToMicros(2), contextLength: 8192 }] },
      },
    });
  }
  invalidateCatalog();
}
