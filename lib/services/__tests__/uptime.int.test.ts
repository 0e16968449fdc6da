import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { addMember, createHealthBucket, createOrganizationFor, createUser, personalCtx } from "../../../prisma/factories";
import { ensureDefaultCatalog, getCatalog } from "../../gateway/catalog";
import { CONSECUTIVE_FAILURES_TO_OPEN, health } from "../../gateway/health";
import { flushMetering, recordGeneration } from "../../metering/queue";
import { resolveAccountForUser } from "../accounts/resolve-account";
import { getUptime } from "../uptime/get-uptime";

const NOW = new Date("2026-11-30T10:07:30Z");
const at = (iso: string) => new Date(iso);

let ids: { echoA: string; echoB: string; pricedA: string };

beforeAll(async () => {
  await ensureDefaultCatalog();
  const echo = (await getCatalog()).models.get("sandbox/echo")!;
  const priced = (await getCatalog()).models.get("sandbox/echo-priced")!;
  const of = (m: typeof echo, provider: string) => m.endpoints.find((e) => e.provider.slug === provider)!.id;
  ids = { echoA: of(echo, "sandbox-a"), echoB: of(echo, "sandbox-b"), pricedA: of(priced, "sandbox-a") };
});

afterEach(() => health.reset());

async function readerCtx() {
  return personalCtx((await createUser()).id);
}

// Tests run in order in one database: the first sees it empty, the next ones add their own
// buckets at their own times and read them through windows that exclude the others'.
describe("getUptime", () => {
  it("before any traffic: every enabled provider, no traffic, unknown figures, empty series", async () => {
    const report = await getUptime({ ctx: await readerCtx(), now: NOW });
    expect(report.period).toBe("24h");
    expect(report.lastTrafficAt).toBeNull();
    expect(report.endpoints).toEqual([]);
    expect(report.models).toEqual([]);
    expect(report.overall).toMatchObject({ requests: 0, availability: null, latencyP50: null });
    expect(report.providers.map((p) => p.slug).sort()).toEqual(["anthropic", "deepinfra", "fireworks", "google-ai-studio", "groq", "mistral", "openai", "sandbox-a", "sandbox-b", "together"]);
    for (const p of report.providers) {
      expect(p.status).toBe("no_traffic");
      expect(p.series).toHaveLength(288);
      expect(p.series.every((pt) => pt.requests === 0 && pt.availability === null)).toBe(true);
    }
  });

  it("per provider and per endpoint: availability, error rate, percentiles, TTFT, throughput, series", async () => {
    await createHealthBucket(ids.echoA, at("2026-11-30T10:00:00Z"), { requests: 3, errors: 0, latencySamples: [100, 200, 300], ttftSamples: [40, 60, 80], outputTokens: 300, generationMs: 3000 });
    await createHealthBucket(ids.echoA, at("2026-11-30T10:05:00Z"), { requests: 1, latencySamples: [400], ttftSamples: [100], outputTokens: 100, generationMs: 1000 });
    await createHealthBucket(ids.pricedA, at("2026-11-30T10:05:00Z"), { requests: 96, errors: 0, latencySamples: [500], outputTokens: 0 });
    await createHealthBucket(ids.echoB, at("2026-11-30T09:30:00Z"), { requests: 10, errors: 4, latencySamples: [1000, 2000] });
    await createHealthBucket(ids.echoB, at("2026-11-30T08:00:00Z"), { requests: 50, errors: 50 }); // before the hour

    const report = await getUptime({ ctx: await readerCtx(), period: "1h", now: NOW });
    expect(report.from).toEqual(at("2026-11-30T09:10:00Z"));
    expect(report.to).toEqual(at("2026-11-30T10:10:00Z"));
    expect(report.stepMs).toBe(300_000);
    expect(report.lastTrafficAt).toEqual(at("2026-11-30T10:05:00Z"));

    const a = report.providers.find((p) => p.slug === "sandbox-a")!;
    const b = report.providers.find((p) => p.slug === "sandbox-b")!;
    expect(report.providers[0].slug).toBe("sandbox-a"); // most requests first
    expect(a).toMatchObject({ name: "Sandbox A", isSandbox: true, status: "operational", openCircuits: 0, endpointCount: 2 });
    expect(a.stats).toEqual({ requests: 100, errors: 0, availability: 1, errorRate: 0, latencyP50: 300, latencyP95: 480, ttftP50: 70, throughput: 100 });
    expect(b.status).toBe("down");
    expect(b.stats).toMatchObject({ requests: 10, errors: 4, availability: 0.6, errorRate: 0.4, latencyP50: 1500, ttftP50: null, throughput: null });
    expect(report.providers.find((p) => p.slug === "openai")!.status).toBe("no_traffic");

    expect(a.series).toHaveLength(12);
    expect(a.series.at(-1)).toMatchObject({ t: at("2026-11-30T10:05:00Z").getTime(), requests: 97 });
    expect(a.series.at(-2)).toMatchObject({ t: at("2026-11-30T10:00:00Z").getTime(), requests: 3, latencyP50: 200 });
    expect(b.series.find((p) => p.t === at("2026-11-30T09:30:00Z").getTime())).toMatchObject({ availability: 0.6 });

    expect(report.endpoints.map((e) => [e.modelSlug, e.providerSlug, e.stats.requests, e.status])).toEqual([
      ["sandbox/echo", "sandbox-b", 10, "down"],
      ["sandbox/echo", "sandbox-a", 4, "operational"],
      ["sandbox/echo-priced", "sandbox-a", 96, "operational"],
    ]);
    const echoA = report.endpoints.find((e) => e.endpointId === ids.echoA)!;
    expect(echoA.stats).toMatchObject({ latencyP50: 250, ttftP50: 70, throughput: 100 });
    expect(report.models).toEqual([
      { slug: "sandbox/echo", name: "Sandbox Echo (free, offline)" },
      { slug: "sandbox/echo-priced", name: "Sandbox Echo (priced, offline)" },
    ]);
    expect(report.overall).toMatchObject({ requests: 110, errors: 4 });
  });

  it("7 days aggregates to hourly points and includes older buckets", async () => {
    const report = await getUptime({ ctx: await readerCtx(), period: "7d", now: NOW });
    const b = report.providers.find((p) => p.slug === "sandbox-b")!;
    expect(b.series).toHaveLength(168);
    expect(b.stats).toMatchObject({ requests: 60, errors: 54 });
    expect(b.series.find((p) => p.t === at("2026-11-30T08:00:00Z").getTime())).toMatchObject({ requests: 50, availability: 0 });
    expect(b.series.find((p) => p.t === at("2026-11-30T09:00:00Z").getTime())).toMatchObject({ requests: 10, availability: 0.6 });
    const a = report.providers.find((p) => p.slug === "sandbox-a")!;
    expect(a.series.at(-1)).toMatchObject({ t: at("2026-11-30T10:00:00Z").getTime(), requests: 100 }); // 10:00 and 10:05 in one hour
  });

  it("long periods read a capped number of samples per bucket", async () => {
    const now = new Date("2026-06-01T12:02:00Z");
    const samples = [...Array.from({ length: 50 }, () => 100), ...Array.from({ length: 150 }, () => 1000)];
    await createHealthBucket(ids.echoA, at("2026-06-01T12:00:00Z"), { requests: 200, latencySamples: samples });
    const hour = await getUptime({ ctx: await readerCtx(), period: "1h", now });
    const day = await getUptime({ ctx: await readerCtx(), period: "24h", now });
    expect(hour.endpoints.find((e) => e.endpointId === ids.echoA)!.stats.latencyP95).toBe(1000);
    expect(day.endpoints.find((e) => e.endpointId === ids.echoA)!.stats.latencyP95).toBe(100); // first 50 samples
  });

  it("an open circuit shows, even for an endpoint without traffic in the period", async () => {
    const now = new Date("2026-03-01T00:00:00Z");
    for (let i = 0; i < CONSECUTIVE_FAILURES_TO_OPEN; i++) health.record(ids.echoB, { ok: false, latencyMs: 5, at: now.getTime() });
    const report = await getUptime({ ctx: await readerCtx(), period: "1h", now });
    const b = report.providers.find((p) => p.slug === "sandbox-b")!;
    expect(b).toMatchObject({ status: "circuit_open", openCircuits: 1 });
    expect(report.endpoints).toEqual([expect.objectContaining({ endpointId: ids.echoB, circuitOpen: true, status: "circuit_open" })]);
    expect(report.providers.find((p) => p.slug === "sandbox-a")!.status).toBe("no_traffic");
    health.reset();
    expect((await getUptime({ ctx: await readerCtx(), period: "1h", now })).endpoints).toEqual([]);
  });

  it("reads what the gateway's metering flush writes", async () => {
    const user = await createUser();
    const ctx = await personalCtx(user.id);
    // A time of its own, away from NOW's seeded buckets (the wall clock can be within an hour of NOW).
    const now = new Date("2026-06-15T12:02:00Z");
    const before = (await getUptime({ ctx, period: "1h", now })).providers.find((p) => p.slug === "sandbox-a")!.stats.requests;
    for (let i = 0; i < 3; i++) {
      recordGeneration({
        id: `gen-uptime-${i}-${now.getTime()}`,
        accountId: ctx.account.id,
        apiKeyId: null,
        model: "sandbox/echo",
        status: i === 2 ? 502 : 200,
        costMicros: 0n,
        createdAt: now,
        requestBody: undefined, // as the gateway sends it without prompt logging
        health: [{ endpointId: ids.echoA, ok: i !== 2, latencyMs: 20 + i, ttftMs: 10, outputTokens: 8, generationMs: 40 }],
      });
    }
    await flushMetering();
    const a = (await getUptime({ ctx, period: "1h", now })).providers.find((p) => p.slug === "sandbox-a")!;
    expect(a.stats.requests - before).toBe(3);
    expect(a.stats).toMatchObject({ errors: 1, latencyP50: 20.5, ttftP50: 10, throughput: 200 });
  });

  it("any member of an organization may read it: Admin, Member, Billing", async () => {
    const admin = await createUser();
    const { account, ctx: adminCtx } = await createOrganizationFor(admin.id);
    const expected = await getUptime({ ctx: adminCtx, period: "1h", now: NOW });
    for (const role of ["MEMBER", "BILLING"] as const) {
      const user = await createUser();
      await addMember(account.id, user.id, role);
      const ctx = await resolveAccountForUser({ userId: user.id, segment: account.slug! });
      expect(await getUptime({ ctx, period: "1h", now: NOW })).toEqual(expected);
    }
  });
});
