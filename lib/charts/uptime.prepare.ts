// Pure preparation of endpoint health for the Uptime page: percentiles, availability, the time
// window of a period, aggregation of 5-minute buckets into chart points (hourly for 7 days), the
// status of a provider, and the rows recharts draws. No I/O: the service reads, components render.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export const UPTIME_PERIODS = {
  "1h": { label: "hour", durationMs: HOUR, stepMs: 5 * MINUTE, samplesPerBucket: 200 },
  "24h": { label: "24 hours", durationMs: 24 * HOUR, stepMs: 5 * MINUTE, samplesPerBucket: 50 },
  "7d": { label: "7 days", durationMs: 7 * 24 * HOUR, stepMs: HOUR, samplesPerBucket: 12 },
} as const;

export type UptimePeriod = keyof typeof UPTIME_PERIODS;
export const DEFAULT_UPTIME_PERIOD: UptimePeriod = "24h";

/** Availability (a fraction) at or above OPERATIONAL_AT is operational, at or above DEGRADED_AT degraded, below it down. */
export const OPERATIONAL_AT = 0.99;
export const DEGRADED_AT = 0.9;

export function parseUptimePeriod(value: unknown): UptimePeriod {
  return typeof value === "string" && Object.hasOwn(UPTIME_PERIODS, value) ? (value as UptimePeriod) : DEFAULT_UPTIME_PERIOD;
}

/** One row of endpoint_health_buckets, decoded. Samples are milliseconds of successful requests. */
export type HealthBucket = {
  endpointId: string;
  start: Date;
  requests: number;
  errors: number;
  latencySamples: readonly number[];
  ttftSamples: readonly number[];
  outputTokens: number;
  generationMs: number;
};

export type UptimeStats = {
  requests: number;
  errors: number;
  /** 1 - errors/requests; null when there was no traffic (unknown, not 100%). */
  availability: number | null;
  errorRate: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  ttftP50: number | null;
  /** Output tokens per second of generation. */
  throughput: number | null;
};

export type SeriesPoint = UptimeStats & { t: number };

export type UptimeStatus = "operational" | "degraded" | "down" | "circuit_open" | "no_traffic";

/** Percentile with linear interpolation between closest ranks (PostgreSQL's percentile_cont). */
export function percentile(values: readonly number[], p: number): number | null {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const clamped = Math.min(1, Math.max(0, p));
  const rank = clamped * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
}

export function availabilityOf(requests: number, errors: number): number | null {
  if (requests <= 0) return null;
  return Math.min(1, Math.max(0, 1 - errors / requests));
}

/** Merges any number of buckets (one endpoint over time, or several endpoints) into one summary. */
export function summarize(buckets: Iterable<HealthBucket>): UptimeStats {
  let requests = 0;
  let errors = 0;
  let outputTokens = 0;
  let generationMs = 0;
  const latencies: number[] = [];
  const ttfts: number[] = [];
  for (const b of buckets) {
    requests += b.requests;
    errors += b.errors;
    outputTokens += b.outputTokens;
    generationMs += b.generationMs;
    for (const v of b.latencySamples) latencies.push(v);
    for (const v of b.ttftSamples) ttfts.push(v);
  }
  const availability = availabilityOf(requests, errors);
  return {
    requests,
    errors,
    availability,
    errorRate: availability === null ? null : 1 - availability,
    latencyP50: percentile(latencies, 0.5),
    latencyP95: percentile(latencies, 0.95),
    ttftP50: percentile(ttfts, 0.5),
    throughput: generationMs > 0 && outputTokens > 0 ? outputTokens / (generationMs / 1000) : null,
  };
}

export type UptimeWindow = { from: Date; to: Date; stepMs: number; period: UptimePeriod };

/**
 * The buckets a period covers, aligned to its step and ending with the step that holds `now`:
 * [from, to) with (to - from) = the period's duration. 1h -> 12 points, 24h -> 288, 7d -> 168.
 */
export function uptimeWindow(period: UptimePeriod, now: Date): UptimeWindow {
  const { durationMs, stepMs } = UPTIME_PERIODS[period];
  const to = Math.floor(now.getTime() / stepMs) * stepMs + stepMs;
  return { from: new Date(to - durationMs), to: new Date(to), stepMs, period };
}

/** Aggregates buckets into one point per step of the window; steps without traffic are empty points. */
export function toSeries(buckets: Iterable<HealthBucket>, window: Pick<UptimeWindow, "from" | "to" | "stepMs">): SeriesPoint[] {
  const from = window.from.getTime();
  const to = window.to.getTime();
  const groups = new Map<number, HealthBucket[]>();
  for (const b of buckets) {
    const at = b.start.getTime();
    if (at < from || at >= to) continue;
    const t = from + Math.floor((at - from) / window.stepMs) * window.stepMs;
    const group = groups.get(t);
    if (group) group.push(b);
    else groups.set(t, [b]);
  }
  const points: SeriesPoint[] = [];
  for (let t = from; t < to; t += window.stepMs) points.push({ t, ...summarize(groups.get(t) ?? []) });
  return points;
}

export function statusOf(stats: Pick<UptimeStats, "requests" | "availability">, circuitOpen: boolean): UptimeStatus {
  if (circuitOpen) return "circuit_open";
  if (stats.requests === 0 || stats.availability === null) return "no_traffic";
  if (stats.availability >= OPERATIONAL_AT) return "operational";
  if (stats.availability >= DEGRADED_AT) return "degraded";
  return "down";
}

/**
 * A status-page strip: the series folded into `segments` equal slices, each with its availability
 * (null = no traffic). Requests and errors are summed, so a slice is weighted by its traffic.
 */
export function uptimeStrip(points: readonly SeriesPoint[], segments: number): { t: number; requests: number; availability: number | null }[] {
  if (points.length === 0 || segments <= 0) return [];
  const n = Math.min(segments, points.length);
  const out: { t: number; requests: number; availability: number | null }[] = [];
  for (let i = 0; i < n; i++) {
    const slice = points.slice(Math.floor((i * points.length) / n), Math.floor(((i + 1) * points.length) / n));
    const requests = slice.reduce((s, p) => s + p.requests, 0);
    const errors = slice.reduce((s, p) => s + p.errors, 0);
    out.push({ t: slice[0].t, requests, availability: availabilityOf(requests, errors) });
  }
  return out;
}

export type ChartMetric = "latencyP50" | "latencyP95" | "ttftP50" | "availability" | "errorRate" | "requests" | "errors" | "throughput";
export type ChartRow = { t: number } & Record<string, number | null>;

/**
 * recharts rows: one per time step, with `<line key>_<metric>` columns. Series are expected on the
 * same window (same steps); a step missing from a series gives null (a gap, not a zero).
 * Availability and error rate become percentages.
 */
export function toChartRows(lines: readonly { key: string; points: readonly SeriesPoint[] }[], metrics: readonly ChartMetric[]): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  for (const line of lines) {
    for (const p of line.points) {
      let row = rows.get(p.t);
      if (!row) rows.set(p.t, (row = { t: p.t }));
      for (const m of metrics) {
        const v = p[m];
        row[`${line.key}_${m}`] = v === null ? null : m === "availability" || m === "errorRate" ? v * 100 : v;
      }
    }
  }
  for (const row of rows.values()) for (const line of lines) for (const m of metrics) row[`${line.key}_${m}`] ??= null;
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** Decodes a jsonb samples column (array, JSON text or junk) into finite numbers. */
export function decodeSamples(value: unknown): number[] {
  const parsed = typeof value === "string" ? safeParse(value) : value;
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((v) => typeof v === "number" || (typeof v === "string" && v.trim() !== "")).map(Number).filter((v) => Number.isFinite(v));
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Whether a line has values no neighbour joins: those need dots, or the chart shows nothing. */
export function hasIsolatedPoints(points: readonly SeriesPoint[], metric: ChartMetric): boolean {
  return points.some((p, i) => p[metric] !== null && (points[i - 1]?.[metric] ?? null) === null && (points[i + 1]?.[metric] ?? null) === null);
}

const TICK_EVERY: Record<UptimePeriod, number> = { "1h": 15 * MINUTE, "24h": 3 * HOUR, "7d": 24 * HOUR };

/** Round UTC times inside the window for the time axis: quarter hours, every 3 hours, midnights. */
export function timeTicks(window: Pick<UptimeWindow, "from" | "to" | "period">): number[] {
  const every = TICK_EVERY[window.period];
  const ticks: number[] = [];
  for (let t = Math.ceil(window.from.getTime() / every) * every; t < window.to.getTime(); t += every) ticks.push(t);
  return ticks;
}

/**
 * The y axis of a percentage chart: from `floor` (or lower, in tens, when the data dips below it)
 * to 100, with five evenly spaced ticks. Values are percentages (0-100), as in chart rows.
 */
export function percentAxis(rows: readonly ChartRow[], floor: number): { domain: [number, number]; ticks: number[] } {
  let min = Number.POSITIVE_INFINITY;
  for (const row of rows) for (const [k, v] of Object.entries(row)) if (k !== "t" && typeof v === "number" && v < min) min = v;
  const lo = Math.max(0, Math.min(floor, Number.isFinite(min) ? Math.floor(min / 10) * 10 : floor));
  return { domain: [lo, 100], ticks: [0, 1, 2, 3, 4].map((i) => lo + ((100 - lo) * i) / 4) };
}
