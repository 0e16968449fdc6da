// Response times, error rates and availability of every provider and model endpoint, from the
// gateway's 5-minute health buckets joined with the catalog, plus this process's circuit breaker.
// Providers are shared by the whole instance, so these figures are instance-wide (every account's
// traffic), like a status page; they hold counts and timings only, never who sent what.
import { db } from "../../db";
import { getCatalog, type CatalogEndpoint, type CatalogModel, type CatalogProvider } from "../../gateway/catalog";
import { health } from "../../gateway/health";
import {
  decodeSamples,
  DEFAULT_UPTIME_PERIOD,
  statusOf,
  summarize,
  toSeries,
  UPTIME_PERIODS,
  uptimeWindow,
  type HealthBucket,
  type SeriesPoint,
  type UptimePeriod,
  type UptimeStats,
  type UptimeStatus,
} from "../../charts/uptime.prepare";
import { assertCan, type Ctx } from "../context";

export type ProviderUptime = {
  slug: string;
  name: string;
  isSandbox: boolean;
  enabled: boolean;
  status: UptimeStatus;
  stats: UptimeStats;
  /** Endpoints of this provider whose circuit is open in this process right now. */
  openCircuits: number;
  endpointCount: number;
  series: SeriesPoint[];
};

export type EndpointUptime = {
  endpointId: string;
  modelSlug: string;
  modelName: string;
  providerSlug: string;
  providerName: string;
  status: UptimeStatus;
  circuitOpen: boolean;
  stats: UptimeStats;
  series: SeriesPoint[];
};

export type UptimeReport = {
  period: UptimePeriod;
  from: Date;
  to: Date;
  stepMs: number;
  overall: UptimeStats;
  providers: ProviderUptime[];
  endpoints: EndpointUptime[];
  /** Models with traffic in the period, for the chart's model picker. */
  models: { slug: string; name: string }[];
  /** The newest bucket ever written (any period): tells "no traffic yet" from "none lately". */
  lastTrafficAt: Date | null;
};

type BucketRow = {
  endpoint_id: string;
  bucket_start: Date | string;
  requests: number | bigint;
  errors: number | bigint;
  latency_samples: unknown;
  ttft_samples: unknown;
  output_tokens: number | bigint | string;
  generation_ms: number | bigint | string;
};

export async function getUptime({ ctx, period = DEFAULT_UPTIME_PERIOD, now = new Date() }: { ctx: Ctx; period?: UptimePeriod; now?: Date }): Promise<UptimeReport> {
  assertCan(ctx, "account.read");
  const window = uptimeWindow(period, now);
  const client = await db();
  // Long periods keep the first N samples of each bucket: percentiles stay representative while
  // a week of busy endpoints does not ship hundreds of thousands of numbers.
  const cap = UPTIME_PERIODS[period].samplesPerBucket;
  const [catalog, rows, last] = await Promise.all([
    getCatalog(),
    client.$queryRaw<BucketRow[]>`
      SELECT endpoint_id, bucket_start, requests, errors, output_tokens, generation_ms,
        (SELECT coalesce(jsonb_agg(s.v ORDER BY s.i), '[]'::jsonb) FROM jsonb_array_elements(latency_samples) WITH ORDINALITY AS s(v, i) WHERE s.i <= ${cap}) AS latency_samples,
        (SELECT coalesce(jsonb_agg(s.v ORDER BY s.i), '[]'::jsonb) FROM jsonb_array_elements(ttft_samples) WITH ORDINALITY AS s(v, i) WHERE s.i <= ${cap}) AS ttft_samples
      FROM endpoint_health_buckets
      WHERE bucket_start >= ${window.from} AND bucket_start < ${window.to}
      ORDER BY bucket_start`,
    client.endpointHealthBucket.findFirst({ orderBy: { bucketStart: "desc" }, select: { bucketStart: true } }),
  ]);

  const byEndpoint = new Map<string, HealthBucket[]>();
  for (const row of rows) {
    const bucket = decodeRow(row);
    const list = byEndpoint.get(bucket.endpointId);
    if (list) list.push(bucket);
    else byEndpoint.set(bucket.endpointId, [bucket]);
  }

  const at = now.getTime();
  const endpoints: EndpointUptime[] = [];
  const providerEndpoints = new Map<string, { endpoint: CatalogEndpoint; buckets: HealthBucket[]; circuitOpen: boolean }[]>();
  const modelsWithTraffic = new Map<string, CatalogModel>();
  for (const model of catalog.models.values()) {
    for (const endpoint of model.endpoints) {
      const buckets = byEndpoint.get(endpoint.id) ?? [];
      const circuitOpen = health.isOpen(endpoint.id, at);
      const list = providerEndpoints.get(endpoint.provider.slug) ?? [];
      list.push({ endpoint, buckets, circuitOpen });
      providerEndpoints.set(endpoint.provider.slug, list);
      if (buckets.length === 0 && !circuitOpen) continue;
      const stats = summarize(buckets);
      if (stats.requests > 0) modelsWithTraffic.set(model.slug, model);
      endpoints.push({
        endpointId: endpoint.id,
        modelSlug: model.slug,
        modelName: model.name,
        providerSlug: endpoint.provider.slug,
        providerName: endpoint.provider.name,
        status: statusOf(stats, circuitOpen),
        circuitOpen,
        stats,
        series: toSeries(buckets, window),
      });
    }
  }

  const providers: ProviderUptime[] = [];
  for (const provider of catalog.providers.values()) {
    const list = providerEndpoints.get(provider.slug) ?? [];
    const buckets = list.flatMap((e) => e.buckets);
    if (!provider.enabled && buckets.length === 0) continue;
    const openCircuits = list.filter((e) => e.circuitOpen).length;
    const stats = summarize(buckets);
    providers.push({
      ...pickProvider(provider),
      status: statusOf(stats, openCircuits > 0),
      stats,
      openCircuits,
      endpointCount: list.length,
      series: toSeries(buckets, window),
    });
  }

  providers.sort((a, b) => b.stats.requests - a.stats.requests || a.name.localeCompare(b.name));
  endpoints.sort((a, b) => a.modelSlug.localeCompare(b.modelSlug) || b.stats.requests - a.stats.requests || a.providerName.localeCompare(b.providerName));
  const known = new Set(endpoints.map((e) => e.endpointId));
  return {
    period,
    from: window.from,
    to: window.to,
    stepMs: window.stepMs,
    overall: summarize([...byEndpoint.entries()].filter(([id]) => known.has(id)).flatMap(([, b]) => b)),
    providers,
    endpoints,
    models: [...modelsWithTraffic.values()].sort((a, b) => a.slug.localeCompare(b.slug)).map((m) => ({ slug: m.slug, name: m.name })),
    lastTrafficAt: last?.bucketStart ?? null,
  };
}

function pickProvider(p: CatalogProvider) {
  return { slug: p.slug, name: p.name, isSandbox: p.isSandbox, enabled: p.enabled };
}

function decodeRow(row: BucketRow): HealthBucket {
  return {
    endpointId: row.endpoint_id,
    start: row.bucket_start instanceof Date ? row.bucket_start : new Date(row.bucket_start),
    requests: Number(row.requests),
    errors: Number(row.errors),
    latencySamples: decodeSamples(row.latency_samples),
    ttftSamples: decodeSamples(row.ttft_samples),
    outputTokens: Number(row.output_tokens),
    generationMs: Number(row.generation_ms),
  };
}
