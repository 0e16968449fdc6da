// Privacy settings (/api/v1/settings/privacy): who may read and change them, their audit trail, and
// the gateway honouring them: ZDR-only routing and prompt logging.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { ensureDefaultCatalog } from "@/lib/gateway/catalog";
import { flushMetering } from "@/lib/metering/queue";
import { stopSandbox } from "@/lib/gateway/sandbox";
import { callRoute, type As } from "@/lib/testing/http";
import { addMember, createApiKeyFor, createOrganizationFor, createUser, personalCtx } from "@/prisma/factories";
import * as privacyRoute from "../settings/privacy/route";
import * as chatRoute from "../chat/completions/route";

type User = Awaited<ReturnType<typeof createUser>>;
let admin: User, member: User, billing: User, outsider: User;

beforeAll(async () => {
  await createUser(); // the first user of a database is its instance admin: make it explicitly, and use it for nothing here
  [admin, member, billing, outsider] = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
  await createOrganizationFor(outsider.id);
  await ensureDefaultCatalog();
});

afterAll(async () => {
  await flushMetering();
  await stopSandbox();
});

async function org() {
  const { account } = await createOrganizationFor(admin.id);
  await addMember(account.id, member.id, "MEMBER");
  await addMember(account.id, billing.id, "BILLING");
  return { account, slug: account.slug! };
}

const patch = (as: As, body: unknown) => callRoute(privacyRoute.PATCH, { method: "PATCH", as, body });
const settingsOf = async (accountId: string) =>
  (await db()).account.findUniqueOrThrow({ where: { id: accountId }, select: { zdrOnly: true, promptLogging: true } });
const privacyEvents = async (accountId: string) =>
  (await db()).auditEvent.findMany({ where: { accountId, action: "privacy.update" }, orderBy: { createdAt: "asc" } });

describe("GET /api/v1/settings/privacy", () => {
  it("shows every member the settings, off by default", async () => {
    const { slug } = await org();
    for (const user of [admin, member, billing]) {
      const res = await callRoute(privacyRoute.GET, { as: { userId: user.id, account: slug } });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ data: { zdr_only: false, prompt_logging: false } });
    }
  });

  it("is 401 signed out and 404 for another organization's Admin", async () => {
    const { slug } = await org();
    expect((await callRoute(privacyRoute.GET, { as: { account: slug } })).status).toBe(401);
    const res = await callRoute(privacyRoute.GET, { as: { userId: outsider.id, account: slug } });
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 404, metadata: { reason: "not_found" } });
  });
});

describe("PATCH /api/v1/settings/privacy", () => {
  it("lets an Admin turn ZDR-only and prompt logging on and off, with one audit event per change", async () => {
    const { account, slug } = await org();
    const on = await patch({ userId: admin.id, account: slug }, { zdr_only: true });
    expect(on.status).toBe(200);
    expect(on.body).toEqual({ data: { zdr_only: true, prompt_logging: false } });
    expect(await settingsOf(account.id)).toEqual({ zdrOnly: true, promptLogging: false });

    const both = await patch({ userId: admin.id, account: slug }, { zdr_only: false, prompt_logging: true });
    expect(both.body).toEqual({ data: { zdr_only: false, prompt_logging: true } });

    const events = await privacyEvents(account.id);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ actorUserId: admin.id, targetType: "account", targetId: account.id, metadata: { zdr_only: { from: false, to: true } } });
    expect(events[1].metadata).toEqual({ zdr_only: { from: true, to: false }, prompt_logging: { from: false, to: true } });

    // Saving what is already stored changes nothing and records nothing.
    expect((await patch({ userId: admin.id, account: slug }, { prompt_logging: true })).status).toBe(200);
    expect(await privacyEvents(account.id)).toHaveLength(2);
  });

  it("refuses Members and Billing (403) and another organization's Admin (404), changing nothing", async () => {
    const { account, slug } = await org();
    for (const user of [member, billing]) {
      const res = await patch({ userId: user.id, account: slug }, { zdr_only: true });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 403, metadata: { reason: "forbidden" } });
    }
    expect((await patch({ userId: outsider.id, account: slug }, { zdr_only: true })).status).toBe(404);
    expect((await patch({ account: slug }, { zdr_only: true })).status).toBe(401);
    expect(await settingsOf(account.id)).toEqual({ zdrOnly: false, promptLogging: false });
    expect(await privacyEvents(account.id)).toHaveLength(0);
  });

  it("accepts the account's management key, refuses an inference key, and records the key", async () => {
    const { account } = await org();
    const management = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);
    const inference = await createApiKeyFor(account.id, "INFERENCE", admin.id);
    expect((await patch({ apiKey: inference.key }, { zdr_only: true })).status).toBe(403);
    const res = await patch({ apiKey: management.key }, { zdr_only: true });
    expect(res.status).toBe(200);
    expect((await privacyEvents(account.id))[0]).toMatchObject({ actorKeyId: management.id, actorUserId: admin.id });
  });

  it.each([
    ["an empty body", {}],
    ["a string for a boolean", { zdr_only: "yes" }],
    ["an unknown field", { zdr: true }],
  ])("answers 400 to %s", async (_name, body) => {
    const { account, slug } = await org();
    const res = await patch({ userId: admin.id, account: slug }, body);
    expect(res.status).toBe(400);
    expect(res.body.error.metadata.reason).toBe("bad_request");
    expect(await settingsOf(account.id)).toEqual({ zdrOnly: false, promptLogging: false });
  });
});

describe("the gateway honours the privacy settings", () => {
  async function personal() {
    const user = await createUser();
    const ctx = await personalCtx(user.id);
    const key = await createApiKeyFor(ctx.account.id, "INFERENCE", user.id);
    const set = async (body: Record<string, boolean>) => expect((await patch({ userId: user.id, account: "personal" }, body)).status).toBe(200);
    return { user, accountId: ctx.account.id, key: key.key, set };
  }

  const complete = (key: string, extra: Record<string, unknown> = {}) =>
    callRoute(chatRoute.POST, { method: "POST", as: { apiKey: key }, body: { model: "sandbox/echo", messages: [{ role: "user", content: "a secret prompt" }], ...extra } });

  async function generation(id: string) {
    await flushMetering();
    return (await db()).generation.findUniqueOrThrow({ where: { id } });
  }

  it("ZDR-only routes every request to ZDR endpoints (sandbox-a) and refuses one that allows none", async () => {
    const { key, set } = await personal();
    // Before: Sandbox B (retains data) serves when asked for, and may serve alone.
    const before = await complete(key, { provider: { order: ["sandbox-b"] } });
    expect(before.status).toBe(200);
    expect(before.body.provider).toBe("Sandbox B");
    expect((await complete(key, { provider: { only: ["sandbox-b"] } })).status).toBe(200);

    await set({ zdr_only: true }); // takes effect on the very next request (the account cache is invalidated)

    for (let i = 0; i < 3; i++) {
      const res = await complete(key, { provider: { order: ["sandbox-b"] } });
      expect(res.status).toBe(200);
      expect(res.body.provider).toBe("Sandbox A");
      expect((await generation(res.body.id)).zdr).toBe(true);
    }
    const refused = await complete(key, { provider: { only: ["sandbox-b"] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.metadata.reason).toBe("bad_request");
    expect(refused.body.error.message).toMatch(/zero data retention/);

    await set({ zdr_only: false });
    expect((await complete(key, { provider: { only: ["sandbox-b"] } })).status).toBe(200);
  });

  it("stores prompts and responses only with prompt logging on, and never for a ZDR request", async () => {
    const { key, set } = await personal();
    const off = await complete(key);
    expect(off.status).toBe(200);
    expect(await generation(off.body.id)).toMatchObject({ requestBody: null, responseBody: null });

    await set({ prompt_logging: true });
    const logged = await complete(key, { provider: { order: ["sandbox-b"] } });
    const row = await generation(logged.body.id);
    expect(row.zdr).toBe(false);
    expect(JSON.stringify(row.requestBody)).toContain("a secret prompt");
    expect(JSON.stringify(row.responseBody)).toContain("Echo from the Tollgate Sandbox: a secret prompt");

    // A request that asks for ZDR itself is not stored.
    const perRequest = await complete(key, { provider: { zdr: true } });
    expect(perRequest.status).toBe(200);
    expect(await generation(perRequest.body.id)).toMatchObject({ zdr: true, requestBody: null, responseBody: null });

    // Nor is any request while ZDR-only is on.
    await set({ zdr_only: true });
    const zdr = await complete(key);
    expect(zdr.status).toBe(200);
    expect(await generation(zdr.body.id)).toMatchObject({ zdr: true, requestBody: null, responseBody: null });

    await set({ zdr_only: false, prompt_logging: false });
    const offAgain = await complete(key);
    expect(await generation(offAgain.body.id)).toMatchObject({ requestBody: null, responseBody: null });
  });

  it("stores the streamed response text with prompt logging on", async () => {
    const { key, set } = await personal();
    await set({ prompt_logging: true });
    const res = await chatRoute.POST(
      new (await import("next/server")).NextRequest("http://localhost/api/v1/chat/completions", {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "sandbox/echo", stream: true, messages: [{ role: "user", content: "streamed secret" }] }),
      }),
      { params: Promise.resolve({}) },
    );
    expect(res.status).toBe(200);
    const id = res.headers.get("x-generation-id")!;
    await res.text(); // read the stream to its end: the generation is recorded when it finishes
    const row = await generation(id);
    expect(JSON.stringify(row.requestBody)).toContain("streamed secret");
    expect(row.responseBody).toContain("streamed secret");
  });
});
