import { describe, expect, it } from "vitest";
import { formatUsd, microsToUsd, usdAmountSchema, usdToMicros } from "./money";

describe("money", () => {
  it("converts USD to integer micro-dollars without float drift", () => {
    expect(usdToMicros(0.1 + 0.2)).toBe(300_000n);
    expect(usdToMicros(19.99)).toBe(19_990_000n);
    expect(usdToMicros(-5)).toBe(-5_000_000n);
    expect(microsToUsd(1_234_560_000n)).toBe(1234.56);
  });

  it("formats for people", () => {
    expect(formatUsd(1_234_560_000n)).toBe("$1,234.56");
    expect(formatUsd(0n)).toBe("$0.00");
    expect(formatUsd(1_234n)).toBe("$0.001234");
    expect(formatUsd(-2_500_000n)).toBe("-$2.50");
  });

  it("validates API amounts", () => {
    expect(usdAmountSchema.safeParse(10.5).success).toBe(true);
    expect(usdAmountSchema.safeParse(0.000001).success).toBe(true);
    expect(usdAmountSchema.safeParse(0.0000001).success).toBe(false);
    expect(usdAmountSchema.safeParse(Number.POSITIVE_INFINITY).success).toBe(false);
    expect(usdAmountSchema.safeParse(2_000_000).success).toBe(false);
    expect(usdAmountSchema.safeParse("10").success).toBe(false);
  });
});
