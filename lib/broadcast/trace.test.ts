import { describe, expect, it } from "vitest";
import { buildTrace, isSampled, stableUuid, type TraceSource } from "./trace";

const record = (over: Partial<TraceSource> = {}): TraceSource => ({
  id: "gen-1",
  createdAt: new Date("2026-01-02T03:04:05.000Z"),
  model: "openai/gpt-4o",
  providerSlug: "openai",
  status: 200,
  promptTokens: 10,
  completionTokens: 4,
  costMicros: 1_500n,
  latencyMs: 100,
  generationTimeMs: 400,
  requestBody: { messages: [{ role: "user", content: "secret prompt" }] },
  responseBody: [{ message: { role: "assistant", content: "secret answer" } }],
  ...over,
});

describe("isSampled", () => {
  it("keeps every trace at rate 1 and about `rate` of them otherwise, within statistical bounds", () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `gen-${i}`);
    expect(ids.every((id) => isSampled("dest-a", id, 1))).toBe(true);
    for (const rate of [0.01, 0.1, 0.5, 0.9]) {
      const kept = ids.filter((id) => isSampled("dest-a", id, rate)).length / ids.length;
      const sd = Math.sqrt((rate * (1 - rate)) / ids.length);
      expect(Math.abs(kept - rate), `rate ${rate}`).toBeLessThan(5 * sd);
    }
  });

  it("decides the same way every time for one destination and generation, independently per destination", () => {
    const ids = Array.from({ length: 2_000 }, (_, i) => `gen-${i}`);
    const a = ids.map((id) => isSampled("dest-a", id, 0.5));
    expect(ids.map((id) => isSampled("dest-a", id, 0.5))).toEqual(a);
    const b = ids.map((id) => isSampled("dest-b", id, 0.5));
    const same = a.filter((v, i) => v === b[i]).length / ids.length;
    expect(same).toBeGreaterThan(0.4);
    expect(same).toBeLessThan(0.6);
  });
});

describe("buildTrace", () => {
  it("carries model, provider, tokens, cost, latency, user, key and the bodies when allowed", () => {
    const trace = buildTrace(record({ endUser: "u-1" }), { id: "dest", privacyMode: false }, { id: "k1", name: "prod", label: "sk-tg-…abcd" });
    expect(trace).toMatchObject({
      id: "gen-1",
      idempotency_key: "dest:gen-1",
      timestamp: "2026-01-02T03:04:05.000Z",
      end_time: "2026-01-02T03:04:05.500Z",
      model: "openai/gpt-4o",
      provider: "openai",
      ok: true,
      usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
      cost_usd: 0.0015,
      user: "u-1",
      api_key: { name: "prod" },
      metadata_only: false,
      input: [{ role: "user", content: "secret prompt" }],
      output: "secret answer",
    });
  });

  it("sends metadata only in privacy mode, for a ZDR request, and when prompt logging stored no body", () => {
    const cases = [
      buildTrace(record(), { id: "d", privacyMode: true }, null),
      buildTrace(record({ zdr: true }), { id: "d", privacyMode: false }, null),
      buildTrace(record({ requestBody: undefined, responseBody: undefined }), { id: "d", privacyMode: false }, null),
    ];
    for (const trace of cases) {
      expect(trace).toMatchObject({ metadata_only: true, input: null, output: null, usage: { total_tokens: 14 } });
      expect(JSON.stringify(trace)).not.toContain("secret");
    }
  });

  it("a streamed answer is stored as text and sent as is; an error keeps its message and status", () => {
    expect(buildTrace(record({ responseBody: "streamed text", streamed: true }), { id: "d", privacyMode: false }, null).output).toBe("streamed text");
    expect(buildTrace(record({ status: 502, errorMessage: "All providers failed." }), { id: "d", privacyMode: false }, null)).toMatchObject({ ok: false, status: 502, error: "All providers failed." });
  });
});

describe("stableUuid", () => {
  it("is a version-5-shaped UUID, stable for one input", () => {
    expect(stableUuid("x")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableUuid("x")).toBe(stableUuid("x"));
    expect(stableUuid("x")).not.toBe(stableUuid("y"));
  });
});
