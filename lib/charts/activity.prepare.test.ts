import { describe, expect, it } from "vitest";
import {
  activityTicks,
  activityWindow,
  bucketStarts,
  change,
  metricValue,
  parseGroupBy,
  parsePeriod,
  parseUtcDate,
  previousWindow,
  rankGroups,
  sortGroups,
  sumTotals,
  toStackedSeries,
  toTotalSeries,
  ZERO_TOTALS,
  type UsageCell,
} from "./activity.prepare";

const H = 3_600_000;
const D = 24 * H;
const t = (iso: string) => new Date(iso).getTime();
const cell = (iso: string, key: string, over: Partial<UsageCell> = {}): UsageCell => ({ ...ZERO_TOTALS, t: t(iso), key, requests: 1, ...over });

describe("activityWindow", () => {
  const now = new Date("2026-03-01T10:20:00Z");
  it("24h is 24 hourly buckets ending with the current hour", () => {
    const w = activityWindow("24h", now)!;
    expect(w).toMatchObject({ granularity: "h", stepMs: H, from: new Date("2026-02-28T11:00:00Z"), to: new Date("2026-03-01T11:00:00Z") });
    expect(bucketStarts(w)).toHaveLength(24);
  });
  it("7d and 30d are daily buckets ending with today (UTC), across the month boundary", () => {
    const w7 = activityWindow("7d", now)!;
    expect(w7).toMatchObject({ granularity: "d", from: new Date("2026-02-23T00:00:00Z"), to: new Date("2026-03-02T00:00:00Z") });
    expect(bucketStarts(activityWindow("30d", now)!)).toHaveLength(30);
  });
  it("custom covers whole UTC days, both included; short ranges are hourly", () => {
    expect(activityWindow("custom", now, { from: "2026-02-01", to: "2026-02-10" })).toMatchObject({ granularity: "d", from: new Date("2026-02-01T00:00:00Z"), to: new Date("2026-02-11T00:00:00Z") });
    expect(activityWindow("custom", now, { from: "2026-02-01", to: "2026-02-02" })).toMatchObject({ granularity: "h", stepMs: H });
  });
  it("refuses an invalid custom range", () => {
    expect(activityWindow("custom", now, { from: "2026-02-10", to: "2026-02-01" })).toBeNull();
    expect(activityWindow("custom", now, { from: "2026-02-30", to: "2026-03-01" })).toBeNull();
    expect(activityWindow("custom", now, { from: "2024-01-01", to: "2026-01-01" })).toBeNull();
    expect(activityWindow("custom", now, {})).toBeNull();
  });
  it("the previous period has the same length, just before", () => {
    const w = activityWindow("7d", now)!;
    const p = previousWindow(w);
    expect(p.to).toEqual(w.from);
    expect(p.to.getTime() - p.from.getTime()).toBe(7 * D);
  });
  it("parses with defaults", () => {
    expect(parsePeriod("30d")).toBe("30d");
    expect(parsePeriod("1y")).toBe("7d");
    expect(parseGroupBy("api_key")).toBe("api_key");
    expect(parseGroupBy("toString")).toBe("model");
    expect(parseUtcDate("2026-02-29")).toBeNull();
    expect(parseUtcDate("2028-02-29")).toEqual(new Date("2028-02-29T00:00:00Z"));
  });
});

describe("series", () => {
  const w = { from: new Date("2026-01-01T00:00:00Z"), to: new Date("2026-01-04T00:00:00Z"), stepMs: D };
  const cells = [
    cell("2026-01-01T00:00:00Z", "a", { costMicros: 3_000_000n }),
    cell("2026-01-01T00:00:00Z", "b", { costMicros: 1_000_000n }),
    cell("2026-01-03T00:00:00Z", "c", { costMicros: 500_000n, byokCostMicros: 250_000n }),
    cell("2026-01-03T00:00:00Z", "d", { costMicros: 100_000n }),
    cell("2026-01-09T00:00:00Z", "a", { costMicros: 9_000_000n }), // outside the window
  ];
  const labels = new Map([["a", "Alpha"], ["b", "Beta"], ["c", "Gamma"], ["d", "Delta"]]);

  it("fills every bucket with zeros and folds groups past the top N into Other", () => {
    const { series, rows } = toStackedSeries(cells, w, labels, "spend", 2);
    expect(series.map((s) => s.label)).toEqual(["Alpha", "Beta", "Other (2)"]);
    expect(rows.map((r) => r.t)).toEqual([t("2026-01-01T00:00:00Z"), t("2026-01-02T00:00:00Z"), t("2026-01-03T00:00:00Z")]);
    expect(rows[1]).toEqual({ t: t("2026-01-02T00:00:00Z"), s0: 0, s1: 0, other: 0 });
    expect(rows[2].other).toBeCloseTo(0.85);
    // The chart's sum equals the window's total (spend = credits + BYOK).
    const chartSum = rows.reduce((s, r) => s + r.s0 + r.s1 + r.other, 0);
    expect(chartSum).toBeCloseTo(4.85);
  });

  it("has no Other when every group fits, and ranks by the chosen metric", () => {
    const { series } = toStackedSeries(cells, w, labels, "requests", 10);
    expect(series).toHaveLength(4);
    expect(series.some((s) => s.dataKey === "other")).toBe(false);
    expect(rankGroups(cells.slice(0, 4), labels, "spend").map((g) => g.key)).toEqual(["a", "b", "c", "d"]);
  });

  it("totals per bucket and sorting of the table", () => {
    const totals = toTotalSeries(cells, w);
    expect(totals.map((r) => r.requests)).toEqual([2, 0, 2]);
    const groups = rankGroups(cells.slice(0, 4), labels, "spend");
    expect(sortGroups(groups, "label", "asc").map((g) => g.label)).toEqual(["Alpha", "Beta", "Delta", "Gamma"]);
    expect(sortGroups(groups, "spend", "asc").map((g) => g.key)).toEqual(["d", "c", "b", "a"]);
    expect(metricValue(sumTotals(cells.slice(0, 4)), "spend")).toBeCloseTo(4.85);
  });

  it("change against the previous period", () => {
    expect(change(150, 100)).toBeCloseTo(0.5);
    expect(change(50, 100)).toBeCloseTo(-0.5);
    expect(change(0, 0)).toBe(0);
    expect(change(10, 0)).toBeNull();
  });

  it("ticks fall on round UTC times inside the window", () => {
    const day = activityTicks({ from: new Date("2026-01-01T05:00:00Z"), to: new Date("2026-01-02T05:00:00Z"), stepMs: H });
    expect(day.every((x) => x % (3 * H) === 0)).toBe(true);
    const month = activityTicks(activityWindow("30d", new Date("2026-01-31T12:00:00Z"))!);
    expect(month.length).toBeLessThanOrEqual(10);
    expect(month.every((x) => x % D === 0)).toBe(true);
  });
});
