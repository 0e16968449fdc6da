// The gateway against real HTTP upstreams that speak the OpenAI wire format (and fail on demand):
// routing, fallbacks, sticky users, ZDR, max_price, refusals, streaming, cancellation, metering.
import { allowOutbound } from "@/lib/testing/outbound";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { callRoute } from "@/lib/testing/http";
import { createApiKeyFor, createOrganizationFor, createUser, grantCreditsTo } from "@/prisma/factories";
import { createUpstreamServer } from "@/lib/gateway/sandbox-upstream";
import { invalidateCatalog } from "@/lib/gateway/catalog";
import { flushMetering } from "@/lib/metering/queue";
import { health } from "@/lib/gateway/health";
import { clearSticky } from "@/lib/gateway/sticky";
import { invalidateAccountState } from "@/lib/gateway/account-state";
import { perMillionToMicros } from "@/lib/gateway/pricing";
import { getKeyUsage } from "@/lib/services/api-keys/key-usage";
import * as chatRoute from "@/app/api/v1/chat/completions/route";
import * as generationRoute from "@/app/api/v1/generation/route";

// Its fake third parties listen on loopback, which the outbound policy refuses unless allowlisted.
allowOutbound();

const A = createUpstreamServer();
const B = createUpstreamServer();
let ctx: Awaited<ReturnType<typeof createOrganizationFor>>["ctx"];
let key: string;
let keyId: string;

const control = (up: typeof A, patch: Record<string, unknown>) => Object.assign(up.state, patch);

beforeAll(async () => {
  const [urlA, urlB] = await Promise.all([A.listen(), B.listen()]);
  const client = await db();
  const pa = await client.provider.create({ data: { slug: "up-a", name: "Upstream A", baseUrl: urlA, retainsData: false, apiKeyCiphertext: null, isSandbox: false, timeoutMs: 1500 } });
  const pb = await client.provider.create({ data: { slug: "up-b", name: "Upstream B", baseUrl: urlB, retainsData: true, isSandbox: false, timeoutMs: 1500 } });
  // Providers without an instance key need credentials: mark them as sandbox-like test providers by
  // giving them an (encrypted) instance key.
  const { encryptSecret } = await import("@/lib/crypto/secret-box");
  await client.provider.update({ where: { id: pa.id }, data: { apiKeyCiphertext: encryptSecret("sk-up-a", "provider:up-a") } });
  await client.provider.update({ where: { id: pb.id }, data: { apiKeyCiphertext: encryptSecret("sk-up-b", "provider:up-b") } });
  const price = (usd: number) => perMillionToMicros(usd);
  await client.model.create({
    data: {
      slug: "test/echo", name: "Test Echo", contextLength: 8192,
      endpoints: { create: [
        { providerId: pa.id, upstreamModel: "echo-a", promptPriceMicros: price(1), completionPriceMicros: price(2), contextLength: 8192 },
        { providerId: pb.id, upstreamModel: "echo-b", promptPriceMicros: price(3), completionPriceMicros: price(4), contextLength: 8192 },
      ] },
    },
  });
  await client.model.create({ data: { slug: "test/only-b", name: "Only B", contextLength: 8192, endpoints: { create: [{ providerId: pb.id, upstreamModel: "echo-b", promptPriceMicros: 0n, completionPriceMicros: 0n, contextLength: 8192 }] } } });
  invalidateCatalog();
  const admin = await createUser();
  ({ ctx } = await createOrganizationFor(admin.id));
  await grantCreditsTo(ctx.account.id, 100);
  const k = await createApiKeyFor(ctx.account.id, "INFERENCE", admin.id);
  key = k.key;
  keyId = k.id;
});

afterAll(async () => {
  await flushMetering();
  await Promise.all([A.close(), B.close()]);
});

beforeEach(() => {
  health.reset();
  clearSticky();
  for (const up of [A, B]) control(up, { mode: "ok", remaining: null, received: 0, completed: 0, aborted: 0 });
  invalidateAccountState(ctx.account.id);
});

const ask = (body: Record<string, unknown>, apiKey = key) =>
  callRoute(chatRoute.POST as never, { method: "POST", as: { apiKey }, body: { messages: [{ role: "user", content: "Hello there" }], ...body } });

describe("chat completions", () => {
  it("answers in the OpenAI shape with usage and cost, sends the upstream model id and key, and records the generation", async () => {
    const res = await ask({ model: "test/echo", user: "end-user-1" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ object: "chat.completion", model: "test/echo", system_fingerprint: null, choices: [{ index: 0, message: { role: "assistant" }, finish_reason: "stop" }] });
    expect(res.body.id).toMatch(/^gen-/);
    const u = res.body.usage;
    expect(u.total_tokens).toBe(u.prompt_tokens + u.completion_tokens);
    const expected = Math.round(u.prompt_tokens * 1 + u.completion_tokens * 2) / 1e6;
    expect(u.cost).toBeCloseTo(expected, 6);
    expect(u).toMatchObject({ is_byok: false, cost_details: { upstream_inference_cost: u.cost } });
    expect(A.state.lastAuthorization).toBe("Bearer sk-up-a");
    expect((A.state.lastBody as { model: string }).model).toBe("echo-a");
    expect(A.state.lastBody).not.toHaveProperty("provider");

    const gen = await callRoute(generationRoute.GET as never, { as: { apiKey: key }, path: `/?id=${res.body.id}` });
    expect(gen.status).toBe(200);
    expect(gen.body.data).toMatchObject({ id: res.body.id, model: "test/echo", provider_name: "Upstream A", tokens_prompt: u.prompt_tokens, total_cost: u.cost, external_user: "end-user-1", streamed: false });
    await flushMetering();
    const row = await (await db()).generation.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row).toMatchObject({ accountId: ctx.account.id, apiKeyId: keyId, endUser: "end-user-1", providerSlug: "up-a", status: 200 });
  });

  it("streams SSE chunks with the generation id, a final usage chunk with cost, then [DONE]", async () => {
    const res = await callRoute(chatRoute.POST as never, { method: "POST", as: { apiKey: key }, body: { model: "test/echo", stream: true, messages: [{ role: "user", content: "stream please" }] } }).catch((e) => e);
    // callRoute parses JSON; for SSE read the raw text instead.
    expect(res).toBeInstanceOf(Error);
    const req = new NextRequest("http://localhost/api/v1/chat/completions", { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ model: "test/echo", stream: true, messages: [{ role: "user", content: "stream please" }] }) });
    const raw = await chatRoute.POST(req, { params: Promise.resolve({}) });
    expect(raw.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const text = await raw.text();
    const events = text.split("\n\n").filter(Boolean).map((e) => e.replace(/^data: /, ""));
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    const id = chunks[0].id;
    expect(chunks.every((c) => c.id === id && c.object === "chat.completion.chunk" && c.model === "test/echo")).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? "").join("")).toContain("stream please");
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.usage.cost).toBeGreaterThan(0);
    expect(chunks.some((c) => "system_fingerprint" in c && c.system_fingerprint === null)).toBe(false);
    await flushMetering();
    expect(await (await db()).generation.findUniqueOrThrow({ where: { id } })).toMatchObject({ streamed: true, status: 200, completionTokens: last.usage.completion_tokens });
  });
});

describe("routing and fallbacks", () => {
  it("falls back on 500, 429, a stalled provider and a 200 that is not JSON; the generation lists every attempt", async () => {
    for (const mode of ["500", "429", "stall", "garbage"]) {
      control(A, { mode, remaining: 1 });
      const res = await ask({ model: "test/echo" });
      expect(res.status, mode).toBe(200);
      const gen = await callRoute(generationRoute.GET as never, { as: { apiKey: key }, path: `/?id=${res.body.id}` });
      expect(gen.body.data.provider_responses.map((a: { provider_name: string; status: number | null }) => [a.provider_name, a.status])).toEqual([
        ["Upstream A", mode === "stall" ? null : mode === "garbage" ? 200 : Number(mode)],
        ["Upstream B", 200],
      ]);
      expect(gen.body.data.provider_name).toBe("Upstream B");
      health.reset();
    }
  });

  it("allow_fallbacks: false returns 502 with the attempts when the first provider fails", async () => {
    control(A, { mode: "500" });
    const res = await ask({ model: "test/echo", provider: { allow_fallbacks: false } });
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ code: 502, metadata: { reason: "upstream_error" } });
    expect(res.body.error.metadata.attempts).toHaveLength(1);
    expect(B.state.received).toBe(0);
  });

  it("every provider failing is a 502 naming each attempt; a provider's 400 is passed on without fallback", async () => {
    control(A, { mode: "500" });
    control(B, { mode: "500" });
    const all = await ask({ model: "test/echo" });
    expect(all.status).toBe(502);
    expect(all.body.error.message).toMatch(/Upstream A \(500.*Upstream B \(500/);
    control(A, { mode: "garbage" });
    control(B, { mode: "garbage" });
    const unreadable = await ask({ model: "test/echo" });
    expect(unreadable.status).toBe(502);
    expect(unreadable.body.error.message).toMatch(/Upstream A \(200: unreadable response.*Upstream B \(200: unreadable response/);
    control(A, { mode: "400" });
    control(B, { mode: "ok", received: 0 });
    const bad = await ask({ model: "test/echo" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/Upstream A rejected the request/);
    expect(B.state.received).toBe(0);
  });

  it("the models list is a fallback chain across models", async () => {
    control(B, { mode: "500" });
    const res = await ask({ model: "test/only-b", models: ["test/echo"] });
    expect(res.status).toBe(200);
    expect(res.body.model).toBe("test/echo");
  });

  it("order, only, ignore, sort and max_price steer the choice", async () => {
    expect((await ask({ model: "test/echo", provider: { order: ["up-b"] } })).body.provider).toBe("Upstream B");
    expect((await ask({ model: "test/echo", provider: { only: ["Upstream B"] } })).body.provider).toBe("Upstream B");
    expect((await ask({ model: "test/echo", provider: { ignore: ["up-a"] } })).body.provider).toBe("Upstream B");
    expect((await ask({ model: "test/echo", provider: { sort: "price" } })).body.provider).toBe("Upstream A");
    const capped = await ask({ model: "test/echo", provider: { max_price: { prompt: "0.5" } } });
    expect(capped.status).toBe(400);
    expect(capped.body.error.message).toMatch(/max_price/);
  });

  it("zero data retention never reaches a provider that retains data; if none is left, 400 says so", async () => {
    control(A, { mode: "500" });
    const res = await ask({ model: "test/echo", provider: { zdr: true } });
    expect(res.status).toBe(502);
    expect(B.state.received).toBe(0);
    const none = await ask({ model: "test/only-b", provider: { zdr: true } });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/zero data retention/);
  });

  it("sticky routing: the same user keeps the endpoint that served them while it is healthy", async () => {
    const byPrice = { sort: "price" };
    control(A, { mode: "500", remaining: 1 });
    expect((await ask({ model: "test/echo", user: "sticky-user", provider: byPrice })).body.provider).toBe("Upstream B");
    expect((await ask({ model: "test/echo", user: "sticky-user", provider: byPrice })).body.provider).toBe("Upstream B");
    expect((await ask({ model: "test/echo", user: "someone-else", provider: byPrice })).body.provider).toBe("Upstream A");
    expect((await ask({ model: "test/echo", provider: byPrice })).body.provider).toBe("Upstream A");
  });

  it("the circuit breaker skips an endpoint that keeps failing", async () => {
    control(A, { mode: "500" });
    for (let i = 0; i < 5; i++) await ask({ model: "test/echo" });
    const before = A.state.received;
    const res = await ask({ model: "test/echo" });
    expect(res.body.provider).toBe("Upstream B");
    expect(A.state.received).toBe(before);
  });

  it("a client that disconnects cancels the upstream call", async () => {
    control(A, { mode: "slow", slowMs: 3000 });
    const abort = new AbortController();
    const req = new NextRequest("http://localhost/api/v1/chat/completions", { method: "POST", signal: abort.signal, headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ model: "test/echo", messages: [{ role: "user", content: "cancel me" }] }) });
    const pending = chatRoute.POST(req, { params: Promise.resolve({}) });
    await new Promise((r) => setTimeout(r, 200));
    abort.abort();
    const res = await pending;
    expect(res.status).toBe(499);
    await new Promise((r) => setTimeout(r, 100));
    expect(A.state.aborted).toBe(1);
    expect(B.state.received).toBe(0);
  });
});

describe("refusals and metering", () => {
  it("401 for an unknown key, 403 for a management key, 404 for an unknown model, 400 for bad input", async () => {
    expect((await ask({ model: "test/echo" }, "sk-tg-v1-" + "0".repeat(64))).status).toBe(401);
    const mgmt = await createApiKeyFor(ctx.account.id, "MANAGEMENT", ctx.actorUserId);
    const m = await ask({ model: "test/echo" }, mgmt.key);
    expect(m.status).toBe(403);
    expect(m.body.error.code).toBe(403);
    expect((await ask({ model: "nope/nope" })).status).toBe(404);
    expect((await callRoute(chatRoute.POST as never, { method: "POST", as: { apiKey: key }, body: { model: "test/echo", messages: [] } })).status).toBe(400);
    expect((await callRoute(chatRoute.POST as never, { method: "POST", as: { apiKey: key }, body: "{oops" })).status).toBe(400);
  });

  it("402 when the key's limit is used up, and when the credit pool is empty", async () => {
    const limited = await createApiKeyFor(ctx.account.id, "INFERENCE", ctx.actorUserId);
    // The worst case of one request (11 prompt tokens estimated + max_tokens 20, on the dearer fallback
    // B: 11 × 3 + 20 × 4 = 113 micro-dollars) fits a 120 limit once; what it cost (on A) stays used.
    await (await db()).apiKey.update({ where: { id: limited.id }, data: { limitMicros: 120n } });
    const { clearKeyCache } = await import("@/lib/services/api-keys/key-cache");
    clearKeyCache();
    const first = await ask({ model: "test/echo", max_tokens: 20 }, limited.key);
    expect(first.status).toBe(200);
    await flushMetering();
    const refused = await ask({ model: "test/echo", max_tokens: 20 }, limited.key);
    expect(refused.status).toBe(402);
    expect(refused.body.error.metadata).toMatchObject({ reason: "payment_required", limit: "key", limit_usd: 0.00012, used_usd: Math.round(first.body.usage.cost * 1e6) / 1e6, requested_usd: 0.000113 });
    expect(refused.body.error.message).toMatch(/spending limit of \$0\.000120 is used up/);

    const poor = await createUser();
    const { ctx: poorCtx } = await createOrganizationFor(poor.id);
    const poorKey = await createApiKeyFor(poorCtx.account.id, "INFERENCE", poor.id);
    const empty = await ask({ model: "test/echo" }, poorKey.key);
    expect(empty.status).toBe(402);
    expect(empty.body.error.message).toMatch(/credit pool is empty/);
    expect((await ask({ model: "test/only-b" }, poorKey.key)).status).toBe(200); // free models still work
  });

  it("metering: N requests make N generation records, and the pool and key usage move by their total cost", async () => {
    const k = await createApiKeyFor(ctx.account.id, "INFERENCE", ctx.actorUserId);
    await flushMetering();
    const before = (await (await db()).account.findUniqueOrThrow({ where: { id: ctx.account.id } })).creditBalanceMicros;
    const results = await Promise.all(Array.from({ length: 25 }, (_, i) => ask({ model: "test/echo", messages: [{ role: "user", content: `request ${i} ${"x".repeat(i * 10)}` }] }, k.key)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const charged = results.reduce((n, r) => n + Math.round(r.body.usage.cost * 1e6), 0);
    await flushMetering();
    const rows = await (await db()).generation.findMany({ where: { apiKeyId: k.id } });
    expect(rows).toHaveLength(25);
    expect(rows.reduce((n, r) => n + Number(r.costMicros), 0)).toBe(charged);
    const after = (await (await db()).account.findUniqueOrThrow({ where: { id: ctx.account.id } })).creditBalanceMicros;
    expect(before - after).toBe(BigInt(charged));
    expect((await getKeyUsage([k.id])).get(k.id)!.daily).toBe(BigInt(charged));
  });
});
