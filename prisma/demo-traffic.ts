// Thirty days of realistic gateway traffic for the demo organization: a daily rhythm (busy
// afternoons UTC, quiet weekends, slow growth), several keys and end users, a mix of models and
// providers, a few failures with a fallback attempt and some BYOK requests. Deterministic (seeded),
// pure: prisma/seed.ts writes the records through the metering path, rollups included.
import type { GenerationRecord } from "../lib/metering/record";

export type DemoEndpoint = { id: string; model: string; provider: string; providerName: string; promptPrice: bigint; completionPrice: bigint };
export type DemoKey = { id: string; creatorId: string; weight: number; users: (string | null)[] };

const HOUR = 3_600_000;

/** Mulberry32: a small deterministic PRNG. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((s, w) => s + w, 0);
  let r = random() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i];
    if (r <= 0) return items[i];
  }
  return items[items.length - 1];
}

const MODEL_WEIGHTS: Record<string, number> = {
  "openai/gpt-4o-mini": 34,
  "meta-llama/llama-3.1-8b-instruct": 24,
  "meta-llama/llama-3.3-70b-instruct": 16,
  "openai/gpt-4o": 10,
  "mistralai/mistral-small": 10,
  "sandbox/echo": 6,
};

export function demoTraffic({ accountId, endpoints, keys, now, days = 30, perDay = 240, seed = 42 }: { accountId: string; endpoints: DemoEndpoint[]; keys: DemoKey[]; now: Date; days?: number; perDay?: number; seed?: number }): GenerationRecord[] {
  const random = rng(seed);
  const models = [...new Set(endpoints.map((e) => e.model))].filter((m) => MODEL_WEIGHTS[m]);
  const records: GenerationRecord[] = [];
  const end = Math.floor(now.getTime() / HOUR) * HOUR;
  const start = end - days * 24 * HOUR;
  let n = 0;
  for (let hour = start; hour < end; hour += HOUR) {
    const at = new Date(hour);
    const daysIn = (hour - start) / (24 * HOUR);
    const weekend = at.getUTCDay() === 0 || at.getUTCDay() === 6;
    const diurnal = 0.25 + Math.max(0, Math.sin(((at.getUTCHours() - 7) / 24) * 2 * Math.PI)) * 1.6;
    const expected = (perDay / 24) * diurnal * (weekend ? 0.45 : 1) * (0.75 + daysIn / days / 2);
    const count = Math.max(0, Math.round(expected + (random() - 0.5) * Math.sqrt(expected) * 2));
    for (let i = 0; i < count; i++) {
      const key = pick(random, keys, keys.map((k) => k.weight));
      const model = pick(random, models, models.map((m) => MODEL_WEIGHTS[m]));
      const options = endpoints.filter((e) => e.model === model);
      const endpoint = options[Math.floor(random() * options.length)];
      const createdAt = new Date(hour + Math.floor(random() * HOUR));
      const failedFirst = options.length > 1 && random() < 0.03;
      const refused = random() < 0.01;
      const promptTokens = Math.round(150 + random() ** 2 * 3500);
      const completionTokens = Math.round(40 + random() ** 2 * 900);
      const cachedTokens = random() < 0.3 ? Math.round(promptTokens * random() * 0.6) : 0;
      const reasoningTokens = model.includes("gpt-4o") && random() < 0.2 ? Math.round(completionTokens * 0.3) : 0;
      const isByok = model.includes("70b") && random() < 0.25;
      const cost = (BigInt(promptTokens) * endpoint.promptPrice + BigInt(completionTokens) * endpoint.completionPrice) / 1_000_000n;
      const latency = Math.round(180 + random() ** 1.5 * 2200);
      const generationMs = Math.round(completionTokens * (8 + random() * 20));
      const user = key.users[Math.floor(random() * key.users.length)];
      const id = `gen-demo-${createdAt.getTime().toString(36)}-${(++n).toString(36)}`;
      const attempt = (e: DemoEndpoint, status: number | null, ms: number) => ({ provider: e.provider, provider_name: e.providerName, endpoint_id: e.id, model, status, latency: ms, is_byok: isByok });
      if (refused) {
        records.push({ id, accountId, apiKeyId: key.id, keyCreatorId: key.creatorId, endUser: user, model, status: 402, costMicros: 0n, createdAt, latencyMs: 3, errorMessage: "This key's spending limit is used up." });
        continue;
      }
      const fallback = failedFirst ? options.find((o) => o !== endpoint)! : endpoint;
      const attempts = failedFirst ? [attempt(endpoint, 502, Math.round(latency / 3)), attempt(fallback, 200, latency)] : [attempt(endpoint, 200, latency)];
      records.push({
        id,
        accountId,
        apiKeyId: key.id,
        keyCreatorId: key.creatorId,
        endUser: user,
        model,
        providerSlug: fallback.provider,
        endpointId: fallback.id,
        upstreamId: `chatcmpl-${n}`,
        status: 200,
        finishReason: "stop",
        promptTokens,
        completionTokens,
        reasoningTokens,
        cachedTokens,
        costMicros: isByok ? 0n : cost,
        upstreamCostMicros: cost,
        isByok,
        streamed: random() < 0.4,
        latencyMs: latency + (failedFirst ? Math.round(latency / 3) : 0),
        generationTimeMs: generationMs,
        attempts: attempts as never,
        createdAt,
      });
    }
  }
  return records;
}
