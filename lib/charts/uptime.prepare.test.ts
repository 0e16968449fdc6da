import { describe, expect, it } from "vitest";
import {
  availabilityOf,
  decodeSamples,
  hasIsolatedPoints,
  percentAxis,
  parseUptimePeriod,
  percentile,
  statusOf,
  summarize,
  timeTicks,
  toChartRows,
  toSeries,
  uptimeStrip,
  uptimeWindow,
  type HealthBucket,
} from "./uptime.prepare";

const MIN = 60_000;
const at = (iso: string) => new Date(iso);

function bucket(start: string, over: Partial<HealthBucket> = {}): HealthBucket {
  return { endpointId: "e1", start: at(start), requests: 0, errors: 0, latencySamples: [], ttftSamples: [], outputTokens: 0, generationMs: 0, ...over };
}

describe("percentile", () => {
  it("interpolates between closest ranks, like percentile_cont", () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 50], 0.5)).toBe(30);
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(hundred, 0.95)).toBeCloseTo(95.05);
    expect(percentile(hundred, 0)).toBe(1);
    expect(percentile(hundred, 1)).toBe(100);
  });

  it("does not care about input order and does not sort the input in place", () => {
    const input = [300, 100, 200];
    expect(percentile(input, 0.5)).toBe(200);
    expect(input).toEqual([300, 100, 200]);
  });

  it("one sample is every percentile; no samples is unknown", () => {
    expect(percentile([42], 0.5)).toBe(42);
    expect(percentile([42], 0.95)).toBe(42);
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([Number.NaN], 0.5)).toBeNull();
  });
});

describe("availability", () => {
  it("is 1 - errors/requests, and unknown without traffic", () => {
    expect(availabilityOf(200, 1)).toBe(0.995);
    expect(availabilityOf(10, 10)).toBe(0);
    expect(availabilityOf(0, 0)).toBeNull();
  });

  it("statuses: operational at 99%, degraded at 90%, down below; circuit open wins; no traffic", () => {
    expect(statusOf({ requests: 100, availability: 0.99 }, false)).toBe("operational");
    expect(statusOf({ requests: 100, availability: 0.95 }, false)).toBe("degraded");
    expect(statusOf({ requests: 100, availability: 0.5 }, false)).toBe("down");
    expect(statusOf({ requests: 100, availability: 1 }, true)).toBe("circuit_open");
    expect(statusOf({ requests: 0, availability: null }, false)).toBe("no_traffic");
  });
});

describe("summarize", () => {
  it("merges buckets: sums counts, pools samples, throughput = tokens per generation second", () => {
    const s = summarize([
      bucket("2026-11-30T10:00:00Z", { requests: 3, errors: 1, latencySamples: [100, 300], ttftSamples: [50], outputTokens: 100, generationMs: 1000 }),
      bucket("2026-11-30T10:05:00Z", { requests: 1, latencySamples: [200], ttftSamples: [70, 90], outputTokens: 300, generationMs: 1000 }),
    ]);
    expect(s).toEqual({ requests: 4, errors: 1, availability: 0.75, errorRate: 0.25, latencyP50: 200, latencyP95: 290, ttftP50: 70, throughput: 200 });
  });

  it("empty data is unknown everywhere, not zero or 100%", () => {
    expect(summarize([])).toEqual({ requests: 0, errors: 0, availability: null, errorRate: null, latencyP50: null, latencyP95: null, ttftP50: null, throughput: null });
  });

  it("only failures: availability 0, no latency, no throughput", () => {
    expect(summarize([bucket("2026-11-30T10:00:00Z", { requests: 2, errors: 2 })])).toMatchObject({ availability: 0, errorRate: 1, latencyP50: null, throughput: null });
  });
});

describe("windows and bucket aggregation", () => {
  it("a period ends with the step that holds now and covers exactly its duration", () => {
    const now = at("2026-11-30T10:07:30Z");
    expect(uptimeWindow("1h", now)).toEqual({ period: "1h", stepMs: 5 * MIN, from: at("2026-11-30T09:10:00Z"), to: at("2026-11-30T10:10:00Z") });
    expect(uptimeWindow("24h", now).from).toEqual(at("2026-11-29T10:10:00Z"));
    expect(uptimeWindow("7d", now)).toMatchObject({ stepMs: 60 * MIN, from: at("2026-11-23T11:00:00Z"), to: at("2026-11-30T11:00:00Z") });
  });

  it("one point per step, empty steps included as gaps", () => {
    const w = uptimeWindow("1h", at("2026-11-30T10:07:30Z"));
    const series = toSeries([bucket("2026-11-30T10:05:00Z", { requests: 2, latencySamples: [10, 20] }), bucket("2026-11-30T09:10:00Z", { requests: 1, errors: 1 })], w);
    expect(series).toHaveLength(12);
    expect(series[0]).toMatchObject({ t: at("2026-11-30T09:10:00Z").getTime(), requests: 1, availability: 0 });
    expect(series[11]).toMatchObject({ t: at("2026-11-30T10:05:00Z").getTime(), requests: 2, availability: 1, latencyP50: 15 });
    expect(series.slice(1, 11).every((p) => p.requests === 0 && p.availability === null && p.latencyP50 === null)).toBe(true);
  });

  it("7 days: 5-minute buckets aggregate into hours, across endpoints, and outside buckets are dropped", () => {
    const w = uptimeWindow("7d", at("2026-11-30T10:07:30Z"));
    const series = toSeries(
      [
        bucket("2026-11-30T09:00:00Z", { requests: 10, errors: 1, latencySamples: [100] }),
        bucket("2026-11-30T09:55:00Z", { endpointId: "e2", requests: 10, errors: 1, latencySamples: [300] }),
        bucket("2026-11-30T10:05:00Z", { requests: 5 }),
        bucket("2026-11-20T09:00:00Z", { requests: 99 }), // before the window
        bucket("2026-11-30T11:00:00Z", { requests: 99 }), // after it
      ],
      w,
    );
    expect(series).toHaveLength(168);
    const nine = series.find((p) => p.t === at("2026-11-30T09:00:00Z").getTime())!;
    expect(nine).toMatchObject({ requests: 20, errors: 2, availability: 0.9, latencyP50: 200 });
    expect(series[167]).toMatchObject({ t: at("2026-11-30T10:00:00Z").getTime(), requests: 5 });
    expect(series.reduce((n, p) => n + p.requests, 0)).toBe(25);
  });

  it("no data: a full series of empty points", () => {
    const series = toSeries([], uptimeWindow("24h", at("2026-11-30T10:07:30Z")));
    expect(series).toHaveLength(288);
    expect(series.every((p) => p.requests === 0 && p.availability === null)).toBe(true);
  });
});

describe("chart rows and the uptime strip", () => {
  const w = uptimeWindow("1h", at("2026-11-30T10:07:30Z"));
  const a = toSeries([bucket("2026-11-30T10:05:00Z", { requests: 4, errors: 1, latencySamples: [100, 200] })], w);
  const b = toSeries([bucket("2026-11-30T09:10:00Z", { requests: 2, latencySamples: [50] })], w);

  it("one row per step with a column per line and metric; percentages for rates; gaps stay null", () => {
    const rows = toChartRows([{ key: "s0", points: a }, { key: "s1", points: b }], ["availability", "errorRate", "latencyP50"]);
    expect(rows).toHaveLength(12);
    expect(rows[11]).toEqual({ t: a[11].t, s0_availability: 75, s0_errorRate: 25, s0_latencyP50: 150, s1_availability: null, s1_errorRate: null, s1_latencyP50: null });
    expect(rows[0]).toMatchObject({ s0_availability: null, s1_availability: 100, s1_latencyP50: 50 });
  });

  it("no lines, no rows", () => {
    expect(toChartRows([], ["latencyP50"])).toEqual([]);
  });

  it("folds a series into slices weighted by traffic", () => {
    const strip = uptimeStrip(a, 4);
    expect(strip).toHaveLength(4);
    expect(strip.map((s) => s.availability)).toEqual([null, null, null, 0.75]);
    expect(uptimeStrip([], 4)).toEqual([]);
    expect(uptimeStrip(a, 50)).toHaveLength(12);
  });
});

describe("inputs", () => {
  it("periods default to 24h; unknown values are ignored", () => {
    expect(parseUptimePeriod("7d")).toBe("7d");
    expect(parseUptimePeriod("1h")).toBe("1h");
    expect(parseUptimePeriod(undefined)).toBe("24h");
    expect(parseUptimePeriod("toString")).toBe("24h");
    expect(parseUptimePeriod(["7d"])).toBe("24h");
  });

  it("samples decode from jsonb arrays or text, dropping junk", () => {
    expect(decodeSamples([1, "2", null, "x", ""])).toEqual([1, 2]);
    expect(decodeSamples("[3,4]")).toEqual([3, 4]);
    expect(decodeSamples("not json")).toEqual([]);
    expect(decodeSamples({})).toEqual([]);
  });
});

describe("chart details", () => {
  const w = uptimeWindow("1h", at("2026-11-30T10:07:30Z"));

  it("isolated points need dots; runs of points draw as lines", () => {
    const lone = toSeries([bucket("2026-11-30T09:30:00Z", { requests: 1, latencySamples: [5] })], w);
    expect(hasIsolatedPoints(lone, "latencyP50")).toBe(true);
    const run = toSeries(["09:30", "09:35", "09:40"].map((m) => bucket(`2026-11-30T${m}:00Z`, { requests: 1, latencySamples: [5] })), w);
    expect(hasIsolatedPoints(run, "latencyP50")).toBe(false);
    expect(hasIsolatedPoints(toSeries([], w), "latencyP50")).toBe(false);
    const edge = toSeries([bucket("2026-11-30T10:05:00Z", { requests: 1 })], w);
    expect(hasIsolatedPoints(edge, "availability")).toBe(true);
  });

  it("time ticks fall on round UTC times inside the window", () => {
    expect(timeTicks(w).map((t) => new Date(t).toISOString().slice(11, 16))).toEqual(["09:15", "09:30", "09:45", "10:00"]);
    const day = timeTicks(uptimeWindow("24h", at("2026-11-30T10:07:30Z")));
    expect(day).toHaveLength(8);
    expect(new Date(day[0]).toISOString()).toBe("2026-11-29T12:00:00.000Z");
    const week = timeTicks(uptimeWindow("7d", at("2026-11-30T10:07:30Z")));
    expect(week.map((t) => new Date(t).toISOString().slice(0, 10))).toEqual(["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30"]);
  });
});

describe("percentage axis", () => {
  it("starts at the floor, or lower in tens when the data dips below it", () => {
    expect(percentAxis([{ t: 1, s0_availability: 100 }, { t: 2, s0_availability: null }], 90)).toEqual({ domain: [90, 100], ticks: [90, 92.5, 95, 97.5, 100] });
    expect(percentAxis([{ t: 1, s0_availability: 83.3 }], 90).domain).toEqual([80, 100]);
    expect(percentAxis([{ t: 1, s0_availability: 0 }], 90)).toEqual({ domain: [0, 100], ticks: [0, 25, 50, 75, 100] });
    expect(percentAxis([], 0).ticks).toEqual([0, 25, 50, 75, 100]);
  });
});
