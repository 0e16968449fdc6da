import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { expectAppError } from "../../testing/expect-app-error";
import { callRoute } from "../../testing/http";
import { addMember, createApiKeyFor, createInstanceAdmin, createOrganizationFor, createPlainUser } from "../../../prisma/factories";
import { addCredits } from "../credits/add-credits";
import { adjustCredits } from "../credits/adjust-credits";
import { getCredits } from "../credits/get-credits";
import { listCreditEntries } from "../credits/list-credit-entries";
import { updateCreditSettings } from "../credits/update-credit-settings";
import { listAuditEvents } from "../audit/list-audit-events";
import { resolveAccountForUser } from "../accounts/resolve-account";
import * as creditsRoute from "../../../app/api/v1/credits/route";

// The operator (instance admin) acts in an organization of their own here: grants are theirs (see credit-grants.int.test.ts).
describe("credit pool", () => {
  it("top-ups and adjustments move the balance; the ledger says who, when and the running balance", async () => {
    const admin = await createInstanceAdmin();
    const { ctx } = await createOrganizationFor(admin.id);
    await addCredits({ ctx, input: { amount: 100, note: "Invoice 42" } });
    await adjustCredits({ ctx, input: { amount: -12.345678, note: "refund" } });
    const credits = await getCredits({ ctx });
    expect(credits.balanceMicros).toBe(87_654_322n);
    expect(credits.totalCreditsMicros).toBe(87_654_322n);
    expect(credits.totalUsageMicros).toBe(0n);
    const { entries, total } = await listCreditEntries({ ctx });
    expect(total).toBe(2);
    expect(entries.map((e) => [e.kind, e.amountMicros, e.balanceAfterMicros, e.actor?.id])).toEqual([
      ["ADJUSTMENT", -12_345_678n, 87_654_322n, admin.id],
      ["TOP_UP", 100_000_000n, 100_000_000n, admin.id],
    ]);
  });

  it("never goes below zero, and a refusal changes nothing", async () => {
    const admin = await createInstanceAdmin();
    const { ctx, account } = await createOrganizationFor(admin.id);
    await addCredits({ ctx, input: { amount: 5 } });
    const error = await expectAppError(adjustCredits({ ctx, input: { amount: -6, note: "too much" } }));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/below \$0/);
    expect((await getCredits({ ctx })).balanceMicros).toBe(5_000_000n);
    expect(await (await db()).creditEntry.count({ where: { accountId: account.id } })).toBe(1);
  });

  it("concurrent top-ups are all counted; the balance equals the ledger's sum", async () => {
    const admin = await createInstanceAdmin();
    const { ctx, account } = await createOrganizationFor(admin.id);
    await Promise.all(Array.from({ length: 20 }, (_, i) => addCredits({ ctx, input: { amount: i + 1 } })));
    const sum = await (await db()).creditEntry.aggregate({ where: { accountId: account.id }, _sum: { amountMicros: true } });
    const { balanceMicros } = await getCredits({ ctx });
    expect(balanceMicros).toBe(210_000_000n);
    expect(sum._sum.amountMicros).toBe(balanceMicros);
  });

  it("bad amounts are 400: zero, negative top-up, adjustment without a note, too many decimals", async () => {
    const admin = await createInstanceAdmin();
    const { ctx } = await createOrganizationFor(admin.id);
    for (const input of [{ amount: 0 }, { amount: -1 }, { amount: 1.0000001 }, { amount: "5" }]) {
      expect((await expectAppError(addCredits({ ctx, input: input as never }))).status).toBe(400);
    }
    expect((await expectAppError(adjustCredits({ ctx, input: { amount: 1, note: "" } }))).status).toBe(400);
  });

  it("the low-balance line: the pool is low at or under it", async () => {
    const admin = await createInstanceAdmin();
    const { ctx } = await createOrganizationFor(admin.id);
    expect((await getCredits({ ctx })).isLow).toBe(true);
    await addCredits({ ctx, input: { amount: 10 } });
    await updateCreditSettings({ ctx, input: { low_balance_threshold: 20 } });
    expect(await getCredits({ ctx })).toMatchObject({ isLow: true, lowBalanceThresholdMicros: 20_000_000n });
    await updateCreditSettings({ ctx, input: { low_balance_threshold: 2 } });
    expect((await getCredits({ ctx })).isLow).toBe(false);
  });

  it("GET /api/v1/credits answers the contract's shape to a management key", async () => {
    const admin = await createInstanceAdmin();
    const { ctx, account } = await createOrganizationFor(admin.id);
    await addCredits({ ctx, input: { amount: 40.5 } });
    const key = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);
    const res = await callRoute(creditsRoute.GET as never, { as: { apiKey: key.key } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ total_credits: 40.5, total_usage: 0, balance: 40.5 });
    const inference = await createApiKeyFor(account.id, "INFERENCE", admin.id);
    expect((await callRoute(creditsRoute.GET as never, { as: { apiKey: inference.key } })).status).toBe(403);
  });
});

describe("activity feed", () => {
  it("Admins see every event, filterable by member and action; Members see only their own", async () => {
    const admin = await createInstanceAdmin();
    const member = await createPlainUser();
    const { ctx, account } = await createOrganizationFor(admin.id);
    await addMember(account.id, member.id, "MEMBER");
    await addCredits({ ctx, input: { amount: 1 } });
    await (await db()).auditEvent.create({ data: { accountId: account.id, actorUserId: member.id, action: "key.create", targetType: "api_key" } });

    const all = await listAuditEvents({ ctx, query: { limit: 50, offset: 0 } });
    expect(all.events.map((e) => e.action)).toEqual(["key.create", "credits.top_up", "organization.create"]);
    expect(all.actions).toEqual(["credits.top_up", "key.create", "organization.create"]);
    expect((await listAuditEvents({ ctx, query: { limit: 50, offset: 0, actor: member.id } })).events.map((e) => e.action)).toEqual(["key.create"]);
    expect((await listAuditEvents({ ctx, query: { limit: 50, offset: 0, action: "credits.top_up" } })).total).toBe(1);
    expect((await listAuditEvents({ ctx, query: { limit: 1, offset: 1 } })).events.map((e) => e.action)).toEqual(["credits.top_up"]);

    const memberCtx = await resolveAccountForUser({ userId: member.id, segment: account.slug! });
    const own = await listAuditEvents({ ctx: memberCtx, query: { limit: 50, offset: 0, actor: admin.id } });
    expect(own.events.map((e) => e.action)).toEqual(["key.create"]);
    expect(own.seesAll).toBe(false);
  });
});
