// Cost in integer micro-dollars. Prices are micro-dollars per million tokens, so a token costs
// price / 1e6 micro-dollars; each generation's cost is rounded to the nearest micro-dollar.
export type Prices = { promptPriceMicros: bigint; completionPriceMicros: bigint; cachedPriceMicros: bigint | null; cacheWritePriceMicros?: bigint | null };

const M = 1_000_000n;
const roundDiv = (n: bigint) => (n + M / 2n) / M;

/** Prompt tokens read from the cache cost the cache read price, those written to it the cache write price, the rest the prompt price. */
export function tokenCost(prices: Prices, t: { promptTokens: number; completionTokens: number; cachedTokens?: number; cacheWriteTokens?: number }) {
  const cached = BigInt(Math.min(t.cachedTokens ?? 0, t.promptTokens));
  const written = BigInt(Math.min(t.cacheWriteTokens ?? 0, t.promptTokens - Number(cached)));
  const uncached = BigInt(t.promptTokens) - cached - written;
  const promptMicros = roundDiv(uncached * prices.promptPriceMicros + cached * (prices.cachedPriceMicros ?? prices.promptPriceMicros) + written * (prices.cacheWritePriceMicros ?? prices.promptPriceMicros));
  const completionMicros = roundDiv(BigInt(t.completionTokens) * prices.completionPriceMicros);
  return { promptMicros, completionMicros, totalMicros: promptMicros + completionMicros };
}

/** The most a request can cost on an endpoint: its prompt plus every token it may generate. */
export function maxCost(prices: Prices, promptTokens: number, maxCompletionTokens: number): bigint {
  return tokenCost(prices, { promptTokens, completionTokens: maxCompletionTokens }).totalMicros;
}

/** USD per million tokens (a float, from the catalog seed or a form) to micro-dollars per million. */
export const perMillionToMicros = (usdPerMillion: number) => BigInt(Math.round(usdPerMillion * 1_000_000));

/** The wire's per-token USD price string ("0.00000015"). */
export function perTokenUsdString(microsPerMillion: bigint): string {
  const usdPerToken = Number(microsPerMillion) / 1e12;
  return usdPerToken === 0 ? "0" : usdPerToken.toFixed(12).replace(/0+$/, "").replace(/\.$/, "");
}
