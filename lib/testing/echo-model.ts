// A catalog model on one provider endpoint that points at a local fake upstream (sandbox-upstream's
// "echo"), priced $1 / $2 per million tokens, with the catalog cache dropped so the gateway sees it.
import { db } from "../db";
import { encryptSecret } from "../crypto/secret-box";
import { invalidateCatalog } from "../gateway/catalog";
import { perMillionToMicros } from "../gateway/pricing";

export async function createEchoModel(upstreamUrl: string, { provider, model }: { provider: string; model: string }) {
  const client = await db();
  const row = await client.provider.create({
    data: { slug: provider, name: provider, baseUrl: upstreamUrl, retainsData: false, timeoutMs: 5000, apiKeyCiphertext: encryptSecret(`sk-${provider}`, `provider:${provider}`) },
  });
  await client.model.create({
    data: {
      slug: model, name: model, contextLength: 8192,
      endpoints: { create: { providerId: row.id, upstreamModel: "echo", promptPriceMicros: perMillionToMicros(1), completionPriceMicros: perMillionToMicros(2), contextLength: 8192 } },
    },
  });
  invalidateCatalog();
}
