import type { Tx } from "../../db";
import { microsToUsd } from "../../money";

export const ENDPOINT_INCLUDE = {
  model: { select: { slug: true, name: true, contextLength: true } },
  provider: { select: { slug: true, name: true } },
} as const;

export async function readEndpoint(tx: Tx, id: string) {
  return tx.modelEndpoint.findUniqueOrThrow({ where: { id }, include: ENDPOINT_INCLUDE });
}

/** What the audit log records of an endpoint: its wire fields, prices in USD per million tokens. */
export const endpointSnapshot = (e: {
  upstreamModel: string; promptPriceMicros: bigint; completionPriceMicros: bigint; cachedPriceMicros: bigint | null; contextLength: number; enabled: boolean; supportsTools: boolean;
}) => ({
  upstream_model: e.upstreamModel,
  prompt_price: microsToUsd(e.promptPriceMicros),
  completion_price: microsToUsd(e.completionPriceMicros),
  cached_price: e.cachedPriceMicros === null ? null : microsToUsd(e.cachedPriceMicros),
  context_length: e.contextLength,
  enabled: e.enabled,
  supports_tools: e.supportsTools,
});
