// Uptime's metering sink: each attempt's outcome and timings added to its endpoint's 5-minute
// bucket (endpoint_health_buckets), which the Uptime page reads. Upserts in (endpoint, bucket) order.
import type { HealthSample, GenerationRecord } from "../metering/record";
import type { MeteringSink } from "../metering/sink";

const BUCKET_MS = 5 * 60_000;
/** Latency and time-to-first-token samples kept per bucket (the percentiles pool them). */
export const MAX_SAMPLES = 200;

type Bucket = { endpointId: string; start: Date; requests: number; errors: number; latencies: number[]; ttfts: number[]; outputTokens: number; generationMs: number };

function buckets(batch: readonly GenerationRecord[]): Bucket[] {
  const byKey = new Map<string, Bucket>();
  for (const r of batch) {
    for (const h of (r.health ?? []) as HealthSample[]) {
      const start = new Date(Math.floor(r.createdAt.getTime() / BUCKET_MS) * BUCKET_MS);
      const key = `${h.endpointId}|${start.getTime()}`;
      const b = byKey.get(key) ?? { endpointId: h.endpointId, start, requests: 0, errors: 0, latencies: [], ttfts: [], outputTokens: 0, generationMs: 0 };
      b.requests += 1;
      if (!h.ok) b.errors += 1;
      else {
        if (b.latencies.length < MAX_SAMPLES) b.latencies.push(h.latencyMs);
        if (h.ttftMs !== null && b.ttfts.length < MAX_SAMPLES) b.ttfts.push(h.ttftMs);
        b.outputTokens += h.outputTokens;
        b.generationMs += h.generationMs ?? 0;
      }
      byKey.set(key, b);
    }
  }
  return [...byKey.values()].sort((a, b) => a.endpointId.localeCompare(b.endpointId) || a.start.getTime() - b.start.getTime());
}

export const healthBucketSink: MeteringSink<void> = {
  name: "health",
  async write(tx, batch) {
    const list = buckets(batch);
    if (!list.length) return;
    // An endpoint removed from the catalog since the request has no health to keep (and its foreign
    // key would fail the batch).
    const live = new Set((await tx.modelEndpoint.findMany({ where: { id: { in: [...new Set(list.map((b) => b.endpointId))] } }, select: { id: true } })).map((e) => e.id));
    for (const b of list) {
      if (!live.has(b.endpointId)) continue;
      await tx.$executeRaw`
        INSERT INTO endpoint_health_buckets (endpoint_id, bucket_start, requests, errors, latency_samples, ttft_samples, output_tokens, generation_ms)
        VALUES (${b.endpointId}, ${b.start}, ${b.requests}, ${b.errors}, ${JSON.stringify(b.latencies)}::jsonb, ${JSON.stringify(b.ttfts)}::jsonb, ${b.outputTokens}, ${b.generationMs})
        ON CONFLICT (endpoint_id, bucket_start) DO UPDATE SET
          requests = endpoint_health_buckets.requests + EXCLUDED.requests,
          errors = endpoint_health_buckets.errors + EXCLUDED.errors,
          latency_samples = CASE WHEN jsonb_array_length(endpoint_health_buckets.latency_samples) >= ${MAX_SAMPLES} THEN endpoint_health_buckets.latency_samples ELSE endpoint_health_buckets.latency_samples || EXCLUDED.latency_samples END,
          ttft_samples = CASE WHEN jsonb_array_length(endpoint_health_buckets.ttft_samples) >= ${MAX_SAMPLES} THEN endpoint_health_buckets.ttft_samples ELSE endpoint_health_buckets.ttft_samples || EXCLUDED.ttft_samples END,
          output_tokens = endpoint_health_buckets.output_tokens + EXCLUDED.output_tokens,
          generation_ms = endpoint_health_buckets.generation_ms + EXCLUDED.generation_ms`;
    }
  },
};
