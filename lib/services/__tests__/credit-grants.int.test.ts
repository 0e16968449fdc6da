// The credit model of a self-hosted instance: only the operator (User.isInstanceAdmin) grants
// credits; accounts cannot top themselves up; the instance's `credits` setting decides the sign-up
// grant and whether paid models need credits at all.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "../../db";
import { callRoute } from "../../testing/http";
import { createUpstreamServer } from "../../gateway/sandbox-upstream";
import { flushMetering } from "../../metering/queue";
import { invalidateAllAccountStates } from "../../gateway/account-state";
import { installPaidModels } from "../../testing/paid-models";
import { setInstanceSetting } from "../../instance-settings";
import { createApiKeyFor, createInstanceAdmin, createOrganizationFor, createPlainUser, createUser, personalCtx } from "../../../prisma/factories";
import * as topUpsRoute from "../../../app/api/v1/credits/top-ups/route";
import * as adjustmentsRoute from "../../../app/api/v1/credits/adjustments/route";
import * as entriesRoute from "../../../app/api/v1/credits/entries/route";
import * as creditsRoute from "../../../app/api/v1/credits/route";
import * as grantsRoute from "../../../app/api/v1/instance/credit-grants/route";
import * as accountGrantRoute from "../../../app/api/v1/instance/accounts/[id]/credit-grants/route";
import * as accountsRoute from "../../../app/api/v1/instance/accounts/route";
import * as settingsRoute from "../../../app/api/v1/instance/settings/credits/route";
import * as chatRoute from "../../../app/api/v1/chat/completions/route";
import { allowOutbound } from "@/lib/testing/outbound";

allowOutbound(); // the fakes listen on loopback

const upstream = createUpstreamServer();

beforeAll(async () => {
  await installPaidModels(await upstream.listen(), "paid-up", ["test/paid"]);
});

afterAll(async () => {
  await flushMetering();
  await upstream.close();
});

beforeEach(async () => {
  await setInstanceSetting("credits", { new_personal_grant_usd: 0, pool_enabled: true });
  invalidateAllAccountStates();
});

const balanceOf = async (accountId: string) => (await (await db()).account.findUniqueOrThrow({ where: { id: accountId } })).creditBalanceMicros;

describe("an account cannot mint its own credits", () => {
  it("refuses a personal account's own top-up and adjustment with a 403 in the envelope, and changes nothing", async () => {
    const user = await createPlainUser();
    const { account } = await personalCtx(user.id);
    for (const [handler, body] of [[topUpsRoute.POST, { amount: 1_000_000 }], [adjustmentsRoute.POST, { amount: 1_000_000, note: "mine" }]] as const) {
      const res = await callRoute(handler as never, { method: "POST", as: { userId: user.id }, body });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 403, metadata: { reason: "forbidden" } });
      expect(res.body.error.message).toMatch(/instance operator/);
    }
    const key = await createApiKeyFor(account.id, "MANAGEMENT", user.id);
    expect((await callRoute(topUpsRoute.POST as never, { method: "POST", as: { apiKey: key.key }, body: { amount: 5 } })).status).toBe(403);
    expect(await balanceOf(account.id)).toBe(0n);
    expect(await (await db()).creditEntry.count({ where: { accountId: account.id } })).toBe(0);
  });

  it("refuses an organization Admin's top-up and adjustment, while they still read the pool and its ledger", async () => {
    const admin = await createPlainUser();
    const { account } = await createOrganizationFor(admin.id);
    const as = { userId: admin.id, account: account.slug! };
    expect((await callRoute(topUpsRoute.POST as never, { method: "POST", as, body: { amount: 100 } })).status).toBe(403);
    expect((await callRoute(adjustmentsRoute.POST as never, { method: "POST", as, body: { amount: 100, note: "x" } })).status).toBe(403);
    expect((await callRoute(accountGrantRoute.POST as never, { method: "POST", as, body: { amount: 100 }, params: { id: account.id } })).status).toBe(403);
    expect((await callRoute(grantsRoute.GET as never, { as })).status).toBe(403);
    expect((await callRoute(accountsRoute.GET as never, { as })).status).toBe(403);
    expect((await callRoute(settingsRoute.PATCH as never, { method: "PATCH", as, body: { pool_enabled: false } })).status).toBe(403);
    expect((await callRoute(creditsRoute.GET as never, { as })).body.data).toMatchObject({ balance: 0 });
    expect((await callRoute(entriesRoute.GET as never, { as })).status).toBe(200);
    expect(await balanceOf(account.id)).toBe(0n);
  });
});

describe("the operator grants credits", () => {
  it("lands in the account's ledger and in the instance ledger, with who and when", async () => {
    const operator = await createInstanceAdmin();
    const admin = await createPlainUser();
    const { account } = await createOrganizationFor(admin.id);
    const before = Date.now();
    const res = await callRoute(accountGrantRoute.POST as never, { method: "POST", as: { userId: operator.id }, body: { amount: 25, note: "PO 77" }, params: { id: account.id } });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ kind: "top_up", amount: 25, balance_after: 25, note: "PO 77", actor: { id: operator.id } });

    const ledger = await callRoute(entriesRoute.GET as never, { as: { userId: admin.id, account: account.slug! } });
    expect(ledger.body.data).toEqual([expect.objectContaining({ id: res.body.data.id, amount: 25, actor: expect.objectContaining({ id: operator.id, email: operator.email }) })]);
    expect(new Date(ledger.body.data[0].created_at).getTime()).toBeGreaterThanOrEqual(before - 1000);

    const instance = await callRoute(grantsRoute.GET as never, { as: { userId: operator.id }, path: `/?account_id=${account.id}` });
    expect(instance.status).toBe(200);
    expect(instance.body).toMatchObject({ total_count: 1, data: [{ id: res.body.data.id, amount: 25, actor: { id: operator.id }, account: { id: account.id, name: account.name, type: "organization" } }] });
    expect(instance.body.data[0].created_at).toBe(ledger.body.data[0].created_at);

    const audit = await (await db()).auditEvent.findFirstOrThrow({ where: { accountId: account.id, action: "credits.top_up" } });
    expect(audit).toMatchObject({ actorUserId: operator.id, targetId: res.body.data.id });

    const accounts = await callRoute(accountsRoute.GET as never, { as: { userId: operator.id } });
    expect(accounts.body.data).toContainEqual(expect.objectContaining({ id: account.id, balance: 25, type: "organization" }));
    // Taking credits back needs a reason; bad input is a 400; an unknown account a 404.
    const take = (body: unknown, id = account.id) => callRoute(accountGrantRoute.POST as never, { method: "POST", as: { userId: operator.id }, body, params: { id } });
    expect((await take({ amount: -5 })).status).toBe(400);
    expect((await take({ amount: "5" })).status).toBe(400);
    expect((await take({ amount: 5 }, "no-such-account")).status).toBe(404);
    expect((await take({ amount: -5, note: "mistake" })).body.data).toMatchObject({ kind: "adjustment", balance_after: 20 });
    expect(await balanceOf(account.id)).toBe(20_000_000n);
  });

  it("grants to a personal account through its management key only when the key's creator operates the instance", async () => {
    const operator = await createInstanceAdmin();
    const user = await createPlainUser();
    const { account } = await personalCtx(user.id);
    const opKey = await createApiKeyFor((await personalCtx(operator.id)).account.id, "MANAGEMENT", operator.id);
    const res = await callRoute(accountGrantRoute.POST as never, { method: "POST", as: { apiKey: opKey.key }, body: { amount: 3 }, params: { id: account.id } });
    expect(res.status).toBe(201);
    expect(res.body.data.actor_key_id).toBe(opKey.id);
    expect(await balanceOf(account.id)).toBe(3_000_000n);
  });
});

describe("the instance's credit settings", () => {
  it("gives each new personal account the sign-up grant", async () => {
    const operator = await createInstanceAdmin();
    const saved = await callRoute(settingsRoute.PATCH as never, { method: "PATCH", as: { userId: operator.id }, body: { new_personal_grant_usd: 2.5 } });
    expect(saved.body.data).toEqual({ new_personal_grant_usd: 2.5, pool_enabled: true });
    expect((await callRoute(settingsRoute.PATCH as never, { method: "PATCH", as: { userId: operator.id }, body: { new_personal_grant_usd: -1 } })).status).toBe(400);
    expect((await callRoute(settingsRoute.PATCH as never, { method: "PATCH", as: { userId: operator.id }, body: { surprise: 1 } })).status).toBe(400);
    const user = await createUser();
    const { account } = await personalCtx(user.id);
    expect(await balanceOf(account.id)).toBe(2_500_000n);
    const [entry] = await (await db()).creditEntry.findMany({ where: { accountId: account.id } });
    expect(entry).toMatchObject({ kind: "TOP_UP", amountMicros: 2_500_000n, note: "Sign-up grant", actorUserId: null });
    const instance = await callRoute(grantsRoute.GET as never, { as: { userId: operator.id }, path: `/?account_id=${account.id}` });
    expect(instance.body.total_count).toBe(1);
    // An organization gets nothing at creation: only personal accounts.
    const { account: org } = await createOrganizationFor(user.id);
    expect(await balanceOf(org.id)).toBe(0n);
  });

  it("with the pool off, a paid model answers with an empty pool, and its spend is still metered", async () => {
    const operator = await createInstanceAdmin();
    const user = await createPlainUser();
    const { account } = await personalCtx(user.id);
    const key = await createApiKeyFor(account.id, "INFERENCE", user.id);
    const ask = () => callRoute(chatRoute.POST as never, { method: "POST", as: { apiKey: key.key }, body: { model: "test/paid", messages: [{ role: "user", content: "Hello" }] } });
    const refused = await ask();
    expect(refused.status).toBe(402);
    expect(refused.body.error.metadata).toMatchObject({ limit: "credit_pool" });

    expect((await callRoute(settingsRoute.PATCH as never, { method: "PATCH", as: { userId: operator.id }, body: { pool_enabled: false } })).status).toBe(200);
    const served = await ask();
    expect(served.status).toBe(200);
    expect(served.body.usage.cost).toBeGreaterThan(0);
    await flushMetering();
    const gen = await (await db()).generation.findUniqueOrThrow({ where: { id: served.body.id } });
    expect(gen.costMicros).toBeGreaterThan(0n);
    expect(await balanceOf(account.id)).toBe(-gen.costMicros);
    expect((await (await db()).account.findUniqueOrThrow({ where: { id: account.id } })).creditReservedMicros).toBe(0n);

    // Back on, the empty (now negative) pool refuses again; a grant still lands on a negative balance.
    await callRoute(settingsRoute.PATCH as never, { method: "PATCH", as: { userId: operator.id }, body: { pool_enabled: true } });
    expect((await ask()).status).toBe(402);
    const grant = await callRoute(accountGrantRoute.POST as never, { method: "POST", as: { userId: operator.id }, body: { amount: 1 }, params: { id: account.id } });
    expect(grant.status).toBe(201);
    expect(await balanceOf(account.id)).toBe(1_000_000n - gen.costMicros);
  });
});
