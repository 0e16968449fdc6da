// Guardrails through the real gateway against real fake upstreams: allowlists, ignore lists and ZDR
// filter candidates (403 naming the guardrail when nothing is left); budgets are reserved before the
// upstream call and settled by the metering batch (402 naming the budget, its limit, use and reset);
// OpenRouter's documented example ($100/day member + $30/day key); reservations of a crashed
// process are swept; 200 concurrent requests never overspend a budget (PGlite, or PostgreSQL with
// two app instances when TEST_DATABASE_URL is set).
import { allowOutbound } from "@/lib/testing/outbound";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { callRoute } from "@/lib/testing/http";
import { postgresUrl } from "@/lib/testing/test-database";
import { addMember, createApiKeyFor, createOrganizationFor, createUser, grantCreditsTo } from "@/prisma/factories";
import { createUpstreamServer } from "@/lib/gateway/sandbox-upstream";
import { invalidateCatalog } from "@/lib/gateway/catalog";
import { flushMetering } from "@/lib/metering/queue";
import { health } from "@/lib/gateway/health";
import { invalidateAccountState } from "@/lib/gateway/account-state";
import { perMillionToMicros } from "@/lib/gateway/pricing";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { RESERVATION_TTL_MS, reserveHolds, sweepExpiredReservations } from "@/lib/guardrails/budget-ledger";
import { commitBatch } from "@/lib/metering/batch";
import { nextReset } from "@/lib/time/windows";
import { getKeyUsage } from "@/lib/services/api-keys/key-usage";
import { microsToUsd } from "@/lib/money";
import { updateApiKey } from "@/lib/services/api-keys/update-api-key";
import { createByokKey } from "@/lib/services/byok/create-byok-key";
import * as chatRoute from "@/app/api/v1/chat/completions/route";
import * as guardrailsRoute from "@/app/api/v1/guardrails/route";
import * as keyAssign from "@/app/api/v1/guardrails/[id]/assignments/keys/route";
import * as memberAssign from "@/app/api/v1/guardrails/[id]/assignments/members/route";
import * as effectiveRoute from "@/app/api/v1/guardrails/effective/route";

// Its fake third parties listen on loopback, which the outbound policy refuses unless allowlisted.
allowOutbound();

const A = createUpstreamServer(); // zero data retention
const B = createUpstreamServer(); // retains data
let ctx: Awaited<ReturnType<typeof createOrganizationFor>>["ctx"];
let adminId: string;
let memberId: string;

// 250 characters: the Sandbox's echo of it is cut at max_tokens, so a reply is exactly max_tokens.
const LONG = "x".repeat(250);
const ask = (apiKey: string, body: Record<string, unknown>) =>
  callRoute(chatRoute.POST as never, { method: "POST", as: { apiKey }, body: { messages: [{ role: "user", content: "Hello" }], ...body } });
const statusCount = (s: number[]) => s.reduce<Record<number, number>>((m, x) => ({ ...m, [x]: (m[x] ?? 0) + 1 }), {});
const asAdmin = { userId: "", account: "" };

async function guardrail(body: Record<string, unknown>, keys: string[] = [], members: string[] = []) {
  const res = await callRoute(guardrailsRoute.POST as never, { method: "POST", as: asAdmin, body });
  expect(res.status).toBe(201);
  const id = res.body.data.id as string;
  if (keys.length) expect((await callRoute(keyAssign.POST as never, { method: "POST", as: asAdmin, params: { id }, body: { key_hashes: keys } })).status).toBe(200);
  if (members.length) expect((await callRoute(memberAssign.POST as never, { method: "POST", as: asAdmin, params: { id }, body: { member_user_ids: members } })).status).toBe(200);
  return id;
}

beforeAll(async () => {
  const [urlA, urlB] = await Promise.all([A.listen(), B.listen()]);
  const client = await db();
  const pa = await client.provider.create({ data: { slug: "gr-a", name: "Guard A", baseUrl: urlA, retainsData: false, apiKeyCiphertext: encryptSecret("sk-a", "provider:gr-a"), timeoutMs: 60_000 } });
  const pb = await client.provider.create({ data: { slug: "gr-b", name: "Guard B", baseUrl: urlB, retainsData: true, apiKeyCiphertext: encryptSecret("sk-b", "provider:gr-b"), timeoutMs: 60_000 } });
  const p = perMillionToMicros;
  await client.model.create({ data: { slug: "gr/echo", name: "Echo", contextLength: 8192, endpoints: { create: [
    { providerId: pa.id, upstreamModel: "echo-a", promptPriceMicros: p(1), completionPriceMicros: p(2), contextLength: 8192 },
    { providerId: pb.id, upstreamModel: "echo-b", promptPriceMicros: p(1), completionPriceMicros: p(2), contextLength: 8192 },
  ] } } });
  await client.model.create({ data: { slug: "gr/only-b", name: "Only B", contextLength: 8192, endpoints: { create: [{ providerId: pb.id, upstreamModel: "echo-b", promptPriceMicros: p(1), completionPriceMicros: p(2), contextLength: 8192 }] } } });
  // $1 a request: prompt free, 50 completion tokens at $20,000 per million.
  await client.model.create({ data: { slug: "gr/dollar", name: "Dollar", contextLength: 8192, endpoints: { create: [{ providerId: pa.id, upstreamModel: "echo-a", promptPriceMicros: 0n, completionPriceMicros: p(20_000), contextLength: 8192 }] } } });
  await client.model.create({ data: { slug: "gr/free", name: "Free", contextLength: 8192, endpoints: { create: [{ providerId: pa.id, upstreamModel: "echo-a", promptPriceMicros: 0n, completionPriceMicros: 0n, contextLength: 8192 }] } } });
  invalidateCatalog();
  const admin = await createUser();
  adminId = admin.id;
  ({ ctx } = await createOrganizationFor(admin.id));
  asAdmin.userId = admin.id;
  asAdmin.account = ctx.account.slug!;
  await grantCreditsTo(ctx.account.id, 10_000);
  const member = await createUser();
  memberId = member.id;
  await addMember(ctx.account.id, member.id);
});

afterAll(async () => {
  await flushMetering();
  await Promise.all([A.close(), B.close()]);
});

beforeEach(() => {
  health.reset();
  for (const up of [A, B]) Object.assign(up.state, { mode: "ok", remaining: null, received: 0, latencyMs: 0 });
  invalidateAccountState(ctx.account.id);
});

describe("policy: allowlists, ignore lists, ZDR", () => {
  it("a model outside the allowlist is refused with 403 naming the guardrail; an allowed one passes", async () => {
    const key = await createApiKeyFor(ctx.account.id, "INFERENCE", memberId);
    const id = await guardrail({ name: "Only echo", allowed_models: ["gr/echo"] }, [key.hash]);
    expect((await ask(key.key, { model: "gr/echo" })).status).toBe(200);
    const refused = await ask(key.key, { model: "gr/free" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/Guardrail "Only echo" blocks this request: gr\/free: model not in the allowlist/);
    expect(refused.body.error.metadata).toMatchObject({ reason: "forbidden", guardrail_id: id, guardrail_name: "Only echo" });
    await flushMetering();
    const logged = await (await db()).generation.findFirstOrThrow({ where: { apiKeyId: key.id, status: 403 } });
    expect(logged.errorMessage).toMatch(/Only echo/);
  });

  it("provider allowlists and ignore lists steer routing; when none is left, 403", async () => {
    const key = await createApiKeyFor(ctx.account.id, "INFERENCE", memberId);
    await guardrail({ name: "Not A", ignored_providers: ["gr-a"] }, [key.hash]);
    const res = await ask(key.key, { model: "gr/echo" });
    expect(res.status).toBe(200);
    expect(res.body.provider).toBe("Guard B");
    expect(A.state.received).toBe(0);
    const refused = await ask(key.key, { model: "gr/free" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.metadata.excluded).toEqual([expect.objectContaining({ provider: "gr-a", reason: 'provider ignored by guardrail "Not A"' })]);

    // A member guardrail adds to the key's: allowlist B only ∩ the key's ignore of A.
    const other = await createApiKeyFor(ctx.account.id, "INFERENCE", adminId);
    await guardrail({ name: "Only B", allowed_providers: ["gr-b"] }, [], [adminId]);
    expect((await ask(other.key, { model: "gr/echo" })).body.provider).toBe("Guard B");
    expect((await ask(other.key, { model: "gr/dollar" })).body.error.message).toMatch(/provider not in the allowlist of guardrail "Only B"/);
  });

  it("ignored models are refused", async () => {
    const key = await createApiKeyFor(ctx.account.id, "INFERENCE", memberId);
    await guardrail({ name: "No free", ignored_models: ["GR/FREE"] }, [key.hash]);
    const refused = await ask(key.key, { model: "gr/free" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/model ignored by guardrail "No free"/);
  });

  it("ZDR: a guardrail that requires it never reaches a provider that retains data", async () => {
    const key = await createApiKeyFor(ctx.account.id, "INFERENCE", memberId);
    await guardrail({ name: "ZDR", enforce_zdr: true }, [key.hash]);
    for (let i = 0; i < 3; i++) expect((await ask(key.key, { model: "gr/echo", provider: { order: ["gr-b"] } })).body.provider).toBe("Guard A");
    expect(B.state.received).toBe(0);
    const refused = await ask(key.key, { model: "gr/only-b" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/retains data \(guardrail "ZDR" requires zero data retention\)/);
    await flushMetering();
    expect((await (await db()).generation.findFirstOrThrow({ where: { apiKeyId: key.id, status: 200 } })).zdr).toBe(true);
  });
});

describe("budgets", () => {
  it("OpenRouter's example: a $100/day member guardrail and a $30/day key guardrail stop the key at $30 and the member at $100 across keys", async () => {
    const member = await createUser();
    await addMember(ctx.account.id, member.id);
    const capped = await createApiKeyFor(ctx.account.id, "INFERENCE", member.id);
    const second = await createApiKeyFor(ctx.account.id, "INFERENCE", member.id);
    const keyGuard = await guardrail({ name: "Key $30/day", limit_usd: 30, reset_interval: "daily" }, [capped.hash]);
    const memberGuard = await guardrail({ name: "Member $100/day", limit_usd: 100, reset_interval: "daily" }, [], [member.id]);
    const spend = async (key: string) => {
      let n = 0;
      for (;;) {
        const res = await ask(key, { model: "gr/dollar", max_tokens: 50, messages: [{ role: "user", content: LONG }] });
        if (res.status !== 200) return { n, refusal: res.body.error };
        expect(res.body.usage.cost).toBe(1);
        n++;
        if (n > 200) throw new Error("no budget stopped the key");
      }
    };
    const first = await spend(capped.key);
    expect(first.n).toBe(30);
    const resetsAt = nextReset("daily", new Date()).toISOString();
    expect(first.refusal).toMatchObject({ code: 402, metadata: { limit: "guardrail", guardrail_id: keyGuard, guardrail_name: "Key $30/day", entity: "key", limit_usd: 30, requested_usd: 1, resets_at: resetsAt } });
    expect(first.refusal.metadata.used_usd + first.refusal.metadata.reserved_usd).toBe(30);
    expect(first.refusal.message).toMatch(/Guardrail "Key \$30\/day" budget of \$30\.00 per day for this key is used up/);
    const rest = await spend(second.key);
    expect(rest.n).toBe(70);
    expect(rest.refusal.metadata).toMatchObject({ limit: "guardrail", guardrail_id: memberGuard, entity: "member", limit_usd: 100 });
    expect((await ask(capped.key, { model: "gr/dollar", max_tokens: 50 })).status).toBe(402);
    // Free models still pass: they cost nothing.
    expect((await ask(second.key, { model: "gr/free" })).status).toBe(200);

    await flushMetering();
    const client = await db();
    const spent = async (keyId: string) => (await client.generation.aggregate({ where: { apiKeyId: keyId }, _sum: { costMicros: true } }))._sum.costMicros;
    expect(await spent(capped.id)).toBe(30_000_000n);
    expect(await spent(second.id)).toBe(70_000_000n);

    // The effective policy explains it, for the key and for the member.
    const view = await callRoute(effectiveRoute.GET as never, { as: asAdmin, path: `/?key_hash=${capped.hash}` });
    expect(view.status).toBe(200);
    expect(view.body.data.budgets).toEqual([
      expect.objectContaining({ guardrail_name: "Key $30/day", entity: "key", limit_usd: 30, used_usd: 30, reserved_usd: 0, remaining_usd: 0, resets_at: resetsAt }),
      expect.objectContaining({ guardrail_name: "Member $100/day", entity: "member", limit_usd: 100, used_usd: 100, remaining_usd: 0 }),
    ]);
    const memberView = await callRoute(effectiveRoute.GET as never, { as: asAdmin, path: `/?user_id=${member.id}` });
    expect(memberView.body.data.budgets).toEqual([expect.objectContaining({ guardrail_name: "Member $100/day", used_usd: 100 })]);
  });

  it("a request that every provider fails charges nothing and releases its hold; a worst case that does not fit is refused", async () => {
    const key = await createApiKeyFor(ctx.account.id, "INFERENCE", memberId);
    await guardrail({ name: "Two dollars", limit_usd: 2 }, [key.hash]);
    Object.assign(A.state, { mode: "500", remaining: 5 });
    expect((await ask(key.key, { model: "gr/dollar", max_tokens: 50 })).status).toBe(502);
    await flushMetering();
    const counter = await (await db()).budgetCounter.findFirstOrThrow({ where: { key: { endsWith: `:k:${key.id}` } } });
    expect(counter).toMatchObject({ usedMicros: 0n, reservedMicros: 0n });
    Object.assign(A.state, { mode: "ok", remaining: null });
    expect((await ask(key.key, { model: "gr/dollar", max_tokens: 50, messages: [{ role: "user", content: LONG }] })).status).toBe(200);
    expect((await ask(key.key, { model: "gr/dollar", max_tokens: 50, messages: [{ role: "user", content: LONG }] })).status).toBe(200);
    expect((await ask(key.key, { model: "gr/dollar", max_tokens: 50 })).status).toBe(402);
    // A request whose worst case does not fit is refused even if it would have cost less.
    expect((await ask(key.key, { model: "gr/dollar", max_tokens: 1 })).status).toBe(402);
  });

  it("a limit set on a key that has already spent counts that spend (the counter starts from its generations)", async () => {
    const key = await createApiKeyFor(ctx.account.id, "INFERENCE", memberId);
    for (let i = 0; i < 2; i++) expect((await ask(key.key, { model: "gr/dollar", max_tokens: 50, messages: [{ role: "user", content: LONG }] })).status).toBe(200);
    await flushMetering();
    await updateApiKey({ ctx, hash: key.hash, input: { limit: 2.5, limit_reset: "monthly" } });
    const refused = await ask(key.key, { model: "gr/dollar", max_tokens: 50 });
    expect(refused.status).toBe(402);
    expect(refused.body.error.metadata).toMatchObject({ limit: "key", limit_usd: 2.5, used_usd: 2, reset_interval: "monthly" });
    expect((await ask(key.key, { model: "gr/dollar", max_tokens: 25 })).status).toBe(200);
    // One source of key spend: the effective-policy view's key limit and key usage agree.
    await flushMetering();
    const usage = (await getKeyUsage([key.id])).get(key.id)!;
    const view = await callRoute(effectiveRoute.GET as never, { as: asAdmin, path: `/?key_hash=${key.hash}` });
    const limit = view.body.data.budgets.find((b: { kind: string }) => b.kind === "key_limit");
    expect(limit.used_usd).toBe(microsToUsd(usage.monthly));
    expect(limit.used_usd).toBeGreaterThan(2);
    // …and what the counter enforces has settled to the same spend.
    const counter = await (await db()).budgetCounter.findFirstOrThrow({ where: { key: `k:${key.id}` } });
    expect(counter.usedMicros).toBe(usage.monthly);
  });

  it("BYOK spend counts toward a guardrail budget only with include_byok_in_budgets, and never toward the credit pool", async () => {
    const owner = await createUser();
    const { ctx: byokCtx } = await createOrganizationFor(owner.id); // no credits at all
    await createByokKey({ ctx: byokCtx, input: { provider: "gr-a", key: "sk-own-gr-a-1234" } });
    const excluded = await createApiKeyFor(byokCtx.account.id, "INFERENCE", owner.id);
    const included = await createApiKeyFor(byokCtx.account.id, "INFERENCE", owner.id);
    const as = { userId: owner.id, account: byokCtx.account.slug! };
    const create = async (body: Record<string, unknown>, hash: string) => {
      const id = (await callRoute(guardrailsRoute.POST as never, { method: "POST", as, body })).body.data.id;
      await callRoute(keyAssign.POST as never, { method: "POST", as, params: { id }, body: { key_hashes: [hash] } });
    };
    await create({ name: "Without BYOK", limit_usd: 1.5 }, excluded.hash);
    await create({ name: "With BYOK", limit_usd: 1.5, include_byok_in_budgets: true }, included.hash);
    const dollar = { model: "gr/dollar", max_tokens: 50, messages: [{ role: "user", content: LONG }] };
    for (let i = 0; i < 3; i++) {
      const res = await ask(excluded.key, dollar);
      expect(res.status).toBe(200);
      expect(res.body.usage).toMatchObject({ is_byok: true, cost: 0 });
    }
    expect(A.state.lastAuthorization).toBe("Bearer sk-own-gr-a-1234");
    expect((await ask(included.key, dollar)).status).toBe(200);
    const refused = await ask(included.key, dollar);
    expect(refused.status).toBe(402);
    expect(refused.body.error.metadata).toMatchObject({ limit: "guardrail", guardrail_name: "With BYOK" });
    await flushMetering();
    const client = await db();
    expect(await client.account.findUniqueOrThrow({ where: { id: byokCtx.account.id } })).toMatchObject({ creditBalanceMicros: 0n, creditReservedMicros: 0n });
    const counter = (keyId: string) => client.budgetCounter.findFirst({ where: { key: { endsWith: `:k:${keyId}` } } });
    expect(await counter(excluded.id)).toBeNull(); // nothing was ever held on it
    expect(await counter(included.id)).toMatchObject({ usedMicros: 1_000_000n, reservedMicros: 0n });
  });

  it("without max_tokens the gateway sends none: the hold's worst case is the model's whole output (context minus prompt)", async () => {
    const key = await createApiKeyFor(ctx.account.id, "INFERENCE", memberId);
    await guardrail({ name: "Big", limit_usd: 1000 }, [key.hash]);
    expect((await ask(key.key, { model: "gr/echo" })).status).toBe(200);
    expect((A.state.lastBody as { max_tokens?: number }).max_tokens).toBeUndefined();
    // gr/echo: 8,192 tokens of context at $2 per million out: ~$0.0164 at worst without a cap.
    const small = await createApiKeyFor(ctx.account.id, "INFERENCE", memberId);
    await guardrail({ name: "Cent", limit_usd: 0.01 }, [small.hash]);
    const refused = await ask(small.key, { model: "gr/echo" });
    expect(refused.status).toBe(402);
    expect(refused.body.error.metadata.requested_usd).toBeGreaterThan(0.016);
    expect((await ask(small.key, { model: "gr/echo", max_tokens: 50 })).status).toBe(200);
  });

  it("the credit pool is reserved too: a request whose worst case the pool cannot cover is refused", async () => {
    const poor = await createUser();
    const { ctx: poorCtx } = await createOrganizationFor(poor.id);
    await grantCreditsTo(poorCtx.account.id, 1.5);
    const key = await createApiKeyFor(poorCtx.account.id, "INFERENCE", poor.id);
    expect((await ask(key.key, { model: "gr/dollar", max_tokens: 50, messages: [{ role: "user", content: LONG }] })).status).toBe(200);
    const refused = await ask(key.key, { model: "gr/dollar", max_tokens: 50 });
    expect(refused.status).toBe(402);
    expect(refused.body.error.metadata).toMatchObject({ limit: "credit_pool", requested_usd: 1 });
    await flushMetering();
    const account = await (await db()).account.findUniqueOrThrow({ where: { id: poorCtx.account.id } });
    expect(account).toMatchObject({ creditBalanceMicros: 500_000n, creditReservedMicros: 0n });
  });
});

describe("leases of a crashed process", () => {
  const windowStart = new Date(0);
  const counter = (key: string) => ({ key_windowStart: { key, windowStart } });
  // A lease row as another process holds it (the reservation statement every process grows its leases with).
  const lease = (holder: string, key: string, amountMicros: bigint, pool: boolean, now: Date) =>
    reserveHolds([{ holder, counterKey: key, windowStart, limitMicros: 1000n, amountMicros }], pool ? { holder, amountMicros } : null, ctx.account.id, now);

  it("hold their budget until they expire, then the sweep releases them", async () => {
    const client = await db();
    const now = new Date();
    expect(await lease("lease:expiring:0", "k:expiring", 700n, false, now)).toEqual({ ok: true });
    // The process dies here: nothing settles. The budget stays held…
    expect(await lease("lease:other:0", "k:expiring", 700n, false, now)).toEqual({ ok: false, failed: ["k:expiring"] });
    expect(await sweepExpiredReservations(client, now)).toBe(0);
    // …until the lease's row expires.
    expect(await sweepExpiredReservations(client, new Date(now.getTime() + RESERVATION_TTL_MS + 1))).toBeGreaterThanOrEqual(1);
    expect(await client.budgetCounter.findUniqueOrThrow({ where: counter("k:expiring") })).toMatchObject({ reservedMicros: 0n, usedMicros: 0n });
    expect(await lease("lease:other:1", "k:expiring", 700n, false, now)).toEqual({ ok: true });
  });

  it("are released, and their spend counted exactly once, when the dead process's journal is replayed", async () => {
    const client = await db();
    const now = new Date();
    const before = await client.account.findUniqueOrThrow({ where: { id: ctx.account.id } });
    expect(await lease("lease:dead:0", "k:crashed", 700n, true, now)).toEqual({ ok: true });
    expect(await lease("lease:other:2", "k:crashed", 700n, false, now)).toEqual({ ok: false, failed: ["k:crashed"] });
    // The record the dead process journaled before its answer left: 400 spent through its two leases.
    const record = {
      id: `gen-replayed-${Date.now()}`, accountId: ctx.account.id, apiKeyId: null, model: "gr/echo", status: 200, costMicros: 400n, createdAt: now,
      counterSpend: [
        { leaseId: "lease:dead:0", counterKey: "k:crashed", windowStart, spent: 400n },
        { leaseId: "lease:dead:0", counterKey: `pool:${ctx.account.id}`, windowStart, spent: 400n, pool: true as const },
      ],
    };
    for (let replay = 0; replay < 2; replay++) {
      expect(await commitBatch([record])).toMatchObject({ written: replay === 0 ? 1 : 0, quarantined: 0, requeue: [] });
      expect(await client.budgetCounter.findUniqueOrThrow({ where: counter("k:crashed") })).toMatchObject({ reservedMicros: 0n, usedMicros: 400n });
      const account = await client.account.findUniqueOrThrow({ where: { id: ctx.account.id } });
      expect(account.creditReservedMicros).toBe(before.creditReservedMicros);
      expect(account.creditBalanceMicros).toBe(before.creditBalanceMicros - 400n);
      expect(await client.generation.count({ where: { id: record.id } })).toBe(1);
    }
    expect(await lease("lease:other:3", "k:crashed", 700n, false, now)).toEqual({ ok: false, failed: ["k:crashed"] });
    expect(await lease("lease:other:4", "k:crashed", 600n, false, now)).toEqual({ ok: true });
  });
});

describe("zero overspend under concurrency", () => {
  const CONCURRENT = 200;
  // Each request: prompt ≤ 70 tokens (estimated) + 50 completion tokens at $1/$2 per million: a
  // worst case of about 170 micro-dollars; the budget fits about 50 of them.
  const body = { model: "gr/echo", max_tokens: 50, provider: { only: ["gr-a"] }, messages: [{ role: "user", content: LONG }] };

  it(`${CONCURRENT} concurrent requests against a budget that fits about 50: the settled spend stays within it${postgresUrl() ? " (two app instances on one PostgreSQL)" : ""}`, async () => {
    const member = await createUser();
    await addMember(ctx.account.id, member.id);
    const key = await createApiKeyFor(ctx.account.id, "INFERENCE", member.id);
    const probe = await createApiKeyFor(ctx.account.id, "INFERENCE", member.id);
    const one = await ask(probe.key, body);
    const cost = Math.round(one.body.usage.cost * 1e6);
    const limitMicros = 50 * 170;
    await guardrail({ name: "Fifty", limit_usd: limitMicros / 1e6, reset_interval: "daily" }, [key.hash]);
    A.state.latencyMs = 20;

    let child: ReturnType<typeof spawn> | null = null;
    let childResult: Promise<number[]> = Promise.resolve([]);
    let local = CONCURRENT;
    if (postgresUrl()) {
      const client = await db();
      const [{ name }] = await client.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
      const url = new URL(postgresUrl()!);
      url.pathname = `/${name}`;
      child = spawn(process.execPath, ["--import", "tsx", join(process.cwd(), "lib/testing/gateway-instance-child.ts")], { env: { ...process.env, DATABASE_URL: url.toString() }, stdio: ["pipe", "pipe", "inherit"] });
      const lines = createInterface({ input: child.stdout! });
      const it = lines[Symbol.asyncIterator]();
      expect((await it.next()).value).toBe("ready");
      local = CONCURRENT / 2;
      child.stdin!.write(`${JSON.stringify({ apiKey: key.key, count: CONCURRENT - local, body })}\n`);
      childResult = it.next().then((r) => (JSON.parse(r.value as string) as { statuses: number[] }).statuses);
    }
    const burst = Date.now();
    const mine = await Promise.all(Array.from({ length: local }, () => ask(key.key, body).then((r) => r.status)));
    const statuses = [...mine, ...(await childResult)];
    const elapsed = Date.now() - burst;
    await flushMetering();

    const accepted = statuses.filter((s) => s === 200).length;
    // On a loaded machine an upstream call may time out (502): it is refused nothing and charged nothing.
    expect(statuses.every((s) => s === 200 || s === 402 || s === 502)).toBe(true);
    const client = await db();
    const spent = (await client.generation.aggregate({ where: { apiKeyId: key.id, status: 200 }, _sum: { costMicros: true } }))._sum.costMicros ?? 0n;
    const counter = await client.budgetCounter.findFirstOrThrow({ where: { key: { endsWith: `:k:${key.id}` } } });
    console.log(`[concurrency${child ? ", 2 instances" : ""}] ${CONCURRENT} requests in ${elapsed} ms: ${JSON.stringify(statusCount(statuses))}; settled spend ${spent} of a ${limitMicros} micro-dollar budget (one request ≈ ${cost})`);
    expect(Number(spent)).toBeLessThanOrEqual(limitMicros);
    expect(counter).toMatchObject({ usedMicros: spent, reservedMicros: 0n });
    expect(accepted + statuses.filter((s) => s === 502).length).toBeGreaterThanOrEqual(40); // the budget is used, not wasted
    expect(await client.generation.count({ where: { apiKeyId: key.id } })).toBe(CONCURRENT);
  }, 120_000);
});
