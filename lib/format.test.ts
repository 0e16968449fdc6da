import { describe, expect, it } from "vitest";
import { formatCount, formatMs, formatPercent, formatThroughput } from "./format";

describe("uptime figures", () => {
  it("milliseconds", () => {
    expect(formatMs(null)).toBe("—");
    expect(formatMs(3.4)).toBe("3 ms");
    expect(formatMs(840.6)).toBe("841 ms");
    expect(formatMs(1240)).toBe("1.24 s");
    expect(formatMs(12_345)).toBe("12.3 s");
  });

  it("percentages never round an error up to 100%", () => {
    expect(formatPercent(null)).toBe("—");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(0.99999)).toBe("99.99%");
    expect(formatPercent(0.995)).toBe("99.5%");
    expect(formatPercent(0.6)).toBe("60%");
    expect(formatPercent(0.29)).toBe("29%");
    expect(formatPercent(0)).toBe("0%");
  });

  it("counts and throughput", () => {
    expect(formatCount(12345)).toBe("12,345");
    expect(formatThroughput(null)).toBe("—");
    expect(formatThroughput(42.25)).toBe("42.3 tok/s");
    expect(formatThroughput(1234.4)).toBe("1,234 tok/s");
  });
});
