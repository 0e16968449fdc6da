import { describe, expect, it } from "vitest";
import { maxCost, perMillionToMicros, perTokenUsdString, tokenCost } from "./pricing";

const prices = { promptPriceMicros: perMillionToMicros(0.15), completionPriceMicros: perMillionToMicros(0.6), cachedPriceMicros: perMillionToMicros(0.075) };

describe("pricing", () => {
  it("costs tokens at the per-million price, in micro-dollars", () => {
    expect(tokenCost(prices, { promptTokens: 1_000_000, completionTokens: 1_000_000 })).toEqual({ promptMicros: 150_000n, completionMicros: 600_000n, totalMicros: 750_000n });
    expect(tokenCost(prices, { promptTokens: 1000, completionTokens: 500 }).totalMicros).toBe(450n);
  });

  it("charges cached prompt tokens at the cached price", () => {
    expect(tokenCost(prices, { promptTokens: 1_000_000, completionTokens: 0, cachedTokens: 400_000 }).promptMicros).toBe(120_000n);
  });

  it("rounds each part to the nearest micro-dollar", () => {
    expect(tokenCost(prices, { promptTokens: 3, completionTokens: 1 })).toEqual({ promptMicros: 0n, completionMicros: 1n, totalMicros: 1n });
  });

  it("bounds a request's cost by its prompt and max tokens", () => {
    expect(maxCost(prices, 2000, 1000)).toBe(900n);
  });

  it("writes per-token prices as the wire's decimal strings", () => {
    expect(perTokenUsdString(perMillionToMicros(0.15))).toBe("0.00000015");
    expect(perTokenUsdString(perMillionToMicros(2.5))).toBe("0.0000025");
    expect(perTokenUsdString(0n)).toBe("0");
  });
});
