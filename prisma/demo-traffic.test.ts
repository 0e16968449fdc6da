import { describe, expect, it } from "vitest";
import { demoTraffic, type DemoEndpoint } from "./demo-traffic";

const endpoints: DemoEndpoint[] = [
  { id: "e1", model: "openai/gpt-4o-mini", provider: "openai", providerName: "OpenAI", promptPrice: 150_000n, completionPrice: 600_000n },
  { id: "e2", model: "meta-llama/llama-3.3-70b-instruct", provider: "groq", providerName: "Groq", promptPrice: 590_000n, completionPrice: 790_000n },
  { id: "e3", model: "meta-llama/llama-3.3-70b-instruct", provider: "together", providerName: "Together", promptPrice: 880_000n, completionPrice: 880_000n },
];
const keys = [
  { id: "k1", creatorId: "u1", weight: 3, users: ["a", "b"] },
  { id: "k2", creatorId: "u2", weight: 1, users: [null] },
];
const now = new Date("2026-03-02T10:30:00Z");

describe("demo traffic", () => {
  const records = demoTraffic({ accountId: "acc", endpoints, keys, now });

  it("is deterministic and covers the 30 days before now", () => {
    expect(demoTraffic({ accountId: "acc", endpoints, keys, now }).map((r) => r.id)).toEqual(records.map((r) => r.id));
    const times = records.map((r) => r.createdAt.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now.getTime() - 30 * 86_400_000 - 3_600_000);
    expect(Math.max(...times)).toBeLessThan(now.getTime());
    const days = new Set(records.map((r) => r.createdAt.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(30);
    expect(records.length).toBeGreaterThan(3000);
    expect(new Set(records.map((r) => r.id)).size).toBe(records.length);
  });

  it("mixes keys, models, failures, fallbacks and BYOK, with costs from the endpoint prices", () => {
    expect(new Set(records.map((r) => r.apiKeyId))).toEqual(new Set(["k1", "k2"]));
    expect(records.some((r) => r.status === 402)).toBe(true);
    expect(records.some((r) => Array.isArray(r.attempts) && (r.attempts as unknown[]).length === 2)).toBe(true);
    const byok = records.filter((r) => r.isByok);
    expect(byok.length).toBeGreaterThan(0);
    expect(byok.every((r) => r.costMicros === 0n && (r.upstreamCostMicros as bigint) > 0n)).toBe(true);
    const mini = records.find((r) => r.model === "openai/gpt-4o-mini" && r.status === 200)!;
    expect(mini.costMicros).toBe((BigInt(mini.promptTokens as number) * 150_000n + BigInt(mini.completionTokens as number) * 600_000n) / 1_000_000n);
  });
});
