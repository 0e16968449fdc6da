import { describe, expect, it } from "vitest";
import { nextReset, startOfUtcDay, startOfUtcMonth, startOfUtcWeek, windowStart } from "./windows";

const d = (s: string) => new Date(s);

describe("UTC windows", () => {
  it("days start at UTC midnight, whatever the offset of the input", () => {
    expect(startOfUtcDay(d("2026-11-30T23:59:59.999Z")).toISOString()).toBe("2026-11-30T00:00:00.000Z");
    expect(startOfUtcDay(d("2026-12-01T00:30:00+02:00")).toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });

  it("weeks run Monday to Sunday", () => {
    expect(startOfUtcWeek(d("2026-11-30T10:00:00Z")).toISOString()).toBe("2026-11-30T00:00:00.000Z"); // Monday
    expect(startOfUtcWeek(d("2026-12-06T23:59:59Z")).toISOString()).toBe("2026-11-30T00:00:00.000Z"); // Sunday
    expect(startOfUtcWeek(d("2026-12-07T00:00:00Z")).toISOString()).toBe("2026-12-07T00:00:00.000Z");
    expect(startOfUtcWeek(d("2027-01-01T12:00:00Z")).toISOString()).toBe("2026-12-28T00:00:00.000Z"); // across a year
  });

  it("months start on the 1st, including leap February", () => {
    expect(startOfUtcMonth(d("2028-02-29T13:00:00Z")).toISOString()).toBe("2028-02-01T00:00:00.000Z");
    expect(nextReset("monthly", d("2028-02-29T13:00:00Z")).toISOString()).toBe("2028-03-01T00:00:00.000Z");
    expect(nextReset("monthly", d("2026-12-15T00:00:00Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("next reset is the end of the current window", () => {
    expect(nextReset("daily", d("2026-11-30T05:00:00Z")).toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(nextReset("weekly", d("2026-12-02T05:00:00Z")).toISOString()).toBe("2026-12-07T00:00:00.000Z");
    expect(windowStart("weekly", d("2026-12-02T05:00:00Z")).toISOString()).toBe("2026-11-30T00:00:00.000Z");
  });
});
