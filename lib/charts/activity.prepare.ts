// Pure preparation of usage for the Activity page, the overview and the exports: the UTC window of a
// period (24h, 7d, 30d or custom days) and its previous period, hourly or daily buckets filled with
// zeros, top N groups + "Other", totals and their change. No I/O: the service reads rollups.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Up to this span a chart shows hourly buckets; longer spans show days. */
const HOURLY_UP_TO = 3 * DAY;
export const MAX_CUSTOM_DAYS = 366;

export const ACTIVITY_PERIODS = {
  "24h": { label: "24 hours", durationMs: DAY },
  "7d": { label: "7 days", durationMs: 7 * DAY },
  "30d": { label: "30 days", durationMs: 30 * DAY },
} as const;
export type PresetPeriod = keyof typeof ACTIVITY_PERIODS;
export type ActivityPeriod = PresetPeriod | "custom";
export const DEFAULT_PERIOD: PresetPeriod = "7d";

export const GROUP_BYS = {
  model: "Model",
  api_key: "API key",
  creator: "Creator",
  user: "End user",
  provider: "Provider",
} as const;
export type GroupBy = keyof typeof GROUP_BYS;
export const DEFAULT_GROUP_BY: GroupBy = "model";

export const METRICS = { spend: "Spend", requests: "Requests", tokens: "Tokens" } as const;
export type Metric = keyof typeof METRICS;

export type ActivityWindow = {
  period: ActivityPeriod;
  /** Inclusive start, exclusive end, both on a bucket boundary (UTC). */
  from: Date;
  to: Date;
  stepMs: number;
  granularity: "h" | "d";
};

export type Totals = {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  cachedTokens: number;
  costMicros: bigint;
  byokCostMicros: bigint;
  latencyMsSum: number;
  latencyCount: number;
};

export const ZERO_TOTALS: Totals = {
  requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, reasoningTokens: 0, cachedTokens: 0, costMicros: 0n, byokCostMicros: 0n, latencyMsSum: 0, latencyCount: 0,
};

/** One rollup aggregate: a bucket (or none, for period totals) × a group key. */
export type UsageCell = Totals & { t: number; key: string };

export type Group = { key: string; label: string; totals: Totals };

const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;

export function parsePeriod(value: unknown): ActivityPeriod {
  return value === "custom" || (typeof value === "string" && Object.hasOwn(ACTIVITY_PERIODS, value)) ? (value as ActivityPeriod) : DEFAULT_PERIOD;
}

export function parseGroupBy(value: unknown): GroupBy {
  return typeof value === "string" && Object.hasOwn(GROUP_BYS, value) ? (value as GroupBy) : DEFAULT_GROUP_BY;
}

export function parseMetric(value: unknown): Metric {
  return typeof value === "string" && Object.hasOwn(METRICS, value) ? (value as Metric) : "spend";
}

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/** "YYYY-MM-DD" -> that UTC midnight, or null when it is not a real date. */
export function parseUtcDate(value: unknown): Date | null {
  if (typeof value !== "string" || !DATE_RE.test(value)) return null;
  const d = new Date(`${value}T00:00:00.000Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : d;
}

export const isoDay = (at: Date | number) => new Date(at).toISOString().slice(0, 10);

/**
 * The window of a period ending now: a preset covers its duration up to the end of the current hour
 * (24h) or day (7d, 30d); a custom period covers whole UTC days `from`..`to` (both included).
 * Returns null for an invalid custom range (the caller answers 400 or falls back).
 */
export function activityWindow(period: ActivityPeriod, now: Date, custom?: { from?: unknown; to?: unknown }): ActivityWindow | null {
  if (period === "custom") {
    const from = parseUtcDate(custom?.from);
    const lastDay = parseUtcDate(custom?.to);
    if (!from || !lastDay || lastDay < from) return null;
    const to = new Date(lastDay.getTime() + DAY);
    if (to.getTime() - from.getTime() > MAX_CUSTOM_DAYS * DAY) return null;
    return withStep(period, from.getTime(), to.getTime());
  }
  const { durationMs } = ACTIVITY_PERIODS[period];
  const step = durationMs <= HOURLY_UP_TO ? HOUR : DAY;
  const to = floorTo(now.getTime(), step) + step;
  return withStep(period, to - durationMs, to);
}

function withStep(period: ActivityPeriod, from: number, to: number): ActivityWindow {
  const hourly = to - from <= HOURLY_UP_TO;
  return { period, from: new Date(from), to: new Date(to), stepMs: hourly ? HOUR : DAY, granularity: hourly ? "h" : "d" };
}

/** The period of the same length just before (for "change vs previous period"). */
export function previousWindow(w: ActivityWindow): ActivityWindow {
  const span = w.to.getTime() - w.from.getTime();
  return { ...w, from: new Date(w.from.getTime() - span), to: new Date(w.from) };
}

/** The bucket starts of a window: every step from `from` up to `to` (exclusive). */
export function bucketStarts(w: Pick<ActivityWindow, "from" | "to" | "stepMs">): number[] {
  const out: number[] = [];
  for (let t = w.from.getTime(); t < w.to.getTime(); t += w.stepMs) out.push(t);
  return out;
}

export function addTotals(a: Totals, b: Totals): Totals {
  return {
    requests: a.requests + b.requests,
    errors: a.errors + b.errors,
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    costMicros: a.costMicros + b.costMicros,
    byokCostMicros: a.byokCostMicros + b.byokCostMicros,
    latencyMsSum: a.latencyMsSum + b.latencyMsSum,
    latencyCount: a.latencyCount + b.latencyCount,
  };
}

export function sumTotals(cells: Iterable<Totals>): Totals {
  let sum = ZERO_TOTALS;
  for (const c of cells) sum = addTotals(sum, c);
  return sum;
}

export const totalTokens = (t: Pick<Totals, "promptTokens" | "completionTokens">) => t.promptTokens + t.completionTokens;

/** A metric as a chart number: spend in USD (credits + BYOK), requests, or prompt + completion tokens. */
export function metricValue(t: Totals, metric: Metric): number {
  if (metric === "spend") return Number(t.costMicros + t.byokCostMicros) / 1_000_000;
  if (metric === "requests") return t.requests;
  return totalTokens(t);
}

export const averageLatency = (t: Pick<Totals, "latencyMsSum" | "latencyCount">) => (t.latencyCount > 0 ? t.latencyMsSum / t.latencyCount : null);

/**
 * Relative change against the previous period: 0.25 = +25 %. Null when the previous period had
 * nothing (no baseline: "new", not +∞).
 */
export function change(current: number, previous: number): number | null {
  if (previous === 0) return current === 0 ? 0 : null;
  return (current - previous) / previous;
}

/** Groups with their totals over the window, largest first by the metric (ties by label). */
export function rankGroups(cells: Iterable<UsageCell>, labels: ReadonlyMap<string, string>, metric: Metric): Group[] {
  const byKey = new Map<string, Totals>();
  for (const c of cells) byKey.set(c.key, addTotals(byKey.get(c.key) ?? ZERO_TOTALS, c));
  return [...byKey.entries()]
    .map(([key, totals]) => ({ key, label: labels.get(key) ?? key, totals }))
    .sort((a, b) => metricValue(b.totals, metric) - metricValue(a.totals, metric) || a.label.localeCompare(b.label));
}

export const OTHER_KEY = "__other__";

export type ChartSeriesSpec = { key: string; dataKey: string; label: string };
export type StackedRow = { t: number } & Record<string, number>;

/**
 * Stacked chart rows for one metric: the top `topN` groups by that metric each get a series, the rest
 * is summed into "Other"; every bucket of the window is present, zeros where there was no traffic.
 */
export function toStackedSeries(
  cells: readonly UsageCell[],
  window: Pick<ActivityWindow, "from" | "to" | "stepMs">,
  labels: ReadonlyMap<string, string>,
  metric: Metric,
  topN = 6,
): { series: ChartSeriesSpec[]; rows: StackedRow[] } {
  const ranked = rankGroups(cells, labels, metric).filter((g) => metricValue(g.totals, metric) > 0);
  const top = ranked.slice(0, topN);
  const hasOther = ranked.length > top.length;
  const dataKeyOf = new Map(top.map((g, i) => [g.key, `s${i}`]));
  const series: ChartSeriesSpec[] = top.map((g, i) => ({ key: g.key, dataKey: `s${i}`, label: g.label }));
  if (hasOther) series.push({ key: OTHER_KEY, dataKey: "other", label: `Other (${ranked.length - top.length})` });
  const rows = new Map<number, StackedRow>();
  for (const t of bucketStarts(window)) {
    const row: StackedRow = { t };
    for (const s of series) row[s.dataKey] = 0;
    rows.set(t, row);
  }
  for (const c of cells) {
    const t = window.from.getTime() + floorTo(c.t - window.from.getTime(), window.stepMs);
    const row = rows.get(t);
    if (!row) continue; // outside the window
    const dataKey = dataKeyOf.get(c.key) ?? (hasOther ? "other" : null);
    if (!dataKey) continue;
    row[dataKey] += metricValue(c, metric);
  }
  return { series, rows: [...rows.values()] };
}

/** Totals per bucket (no grouping), every bucket present: for the small overview charts. */
export function toTotalSeries(cells: readonly UsageCell[], window: Pick<ActivityWindow, "from" | "to" | "stepMs">): ({ t: number } & Totals)[] {
  const rows = new Map<number, Totals>(bucketStarts(window).map((t) => [t, ZERO_TOTALS]));
  for (const c of cells) {
    const t = window.from.getTime() + floorTo(c.t - window.from.getTime(), window.stepMs);
    const row = rows.get(t);
    if (row) rows.set(t, addTotals(row, c));
  }
  return [...rows.entries()].map(([t, totals]) => ({ t, ...totals }));
}

/** Axis ticks: every 3 hours for hourly windows up to a day, midnights otherwise, at most ~10. */
export function activityTicks(w: Pick<ActivityWindow, "from" | "to" | "stepMs">): number[] {
  const span = w.to.getTime() - w.from.getTime();
  const every = w.stepMs === HOUR ? (span <= DAY ? 3 * HOUR : 12 * HOUR) : Math.max(1, Math.ceil(span / DAY / 10)) * DAY;
  const ticks: number[] = [];
  for (let t = Math.ceil(w.from.getTime() / every) * every; t < w.to.getTime(); t += every) ticks.push(t);
  return ticks;
}

export type SortKey = "label" | "requests" | "spend" | "tokens" | "errors" | "latency";

/** The table under the charts, sorted by a column (stable on label). */
export function sortGroups(groups: readonly Group[], key: SortKey, direction: "asc" | "desc"): Group[] {
  const value = (g: Group): number | string => {
    if (key === "label") return g.label.toLowerCase();
    if (key === "errors") return g.totals.errors;
    if (key === "latency") return averageLatency(g.totals) ?? -1;
    return metricValue(g.totals, key);
  };
  const sign = direction === "asc" ? 1 : -1;
  return [...groups].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const cmp = typeof va === "string" ? va.localeCompare(vb as string) : va - (vb as number);
    return cmp * sign || a.label.localeCompare(b.label);
  });
}
