// Contract tests for /api/v1/keys and /api/v1/key (API_CONTRACT §4), the authorization matrix,
// and rotation overlap and expiry on a controlled clock.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { callRoute, type As } from "@/lib/testing/http";
import { addMember, createApiKeyFor, createOrganizationFor, createUser } from "@/prisma/factories";
import { flushKeyActivity } from "@/lib/services/api-keys/key-activity";
import { clearKeyCache } from "@/lib/services/api-keys/key-cache";
import * as keysRoute from "../keys/route";
import * as keyRoute from "../keys/[hash]/route";
import * as rotateRoute from "../keys/[hash]/rotate/route";
import * as currentKeyRoute from "../key/route";

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function expectKeyShape(k: Record<string, unknown>) {
  for (const f of ["hash", "name", "label", "created_at", "workspace_id"]) expect(typeof k[f], f).toBe("string");
  expect(typeof k.disabled).toBe("boolean");
  expect(typeof k.include_byok_in_limit).toBe("boolean");
  for (const f of ["usage", "usage_daily", "usage_weekly", "usage_monthly", "byok_usage", "byok_usage_daily", "byok_usage_weekly", "byok_usage_monthly"]) {
    expect(typeof k[f], f).toBe("number");
  }
  for (const f of ["limit", "limit_remaining"]) expect(k[f] === null || typeof k[f] === "number", f).toBe(true);
  for (const f of ["limit_reset", "updated_at", "creator_user_id", "external_user"]) expect(k[f] === null || typeof k[f] === "string", f).toBe(true);
  expect(k.created_at).toMatch(ISO);
  if (k.expires_at !== null && k.expires_at !== undefined) expect(k.expires_at).toMatch(ISO);
}

async function orgWithKeys() {
  const admin = await createUser();
  const member = await createUser();
  const billing = await createUser();
  const { account } = await createOrganizationFor(admin.id);
  await addMember(account.id, member.id, "MEMBER");
  await addMember(account.id, billing.id, "BILLING");
  const management = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);
  return { admin, member, billing, account, slug: account.slug!, management };
}

const mgmt = (key: string): As => ({ apiKey: key });

describe("POST /api/v1/keys and GET /api/v1/keys/{hash}", () => {
  it("creates a key (201), shows the secret once, stores only its hash, and matches the contract", async () => {
    const { management, account, admin } = await orgWithKeys();
    const res = await callRoute(keysRoute.POST as never, {
      method: "POST",
      as: mgmt(management.key),
      body: { name: "Production", limit: 50, limit_reset: "weekly", include_byok_in_limit: true, expires_at: "2030-01-01T00:00:00.000Z" },
    });
    expect(res.status).toBe(201);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body.key).toMatch(/^sk-tg-v1-[0-9a-f]{64}$/);
    expectKeyShape(res.body.data);
    expect(res.body.data).toMatchObject({
      name: "Production", disabled: false, limit: 50, limit_remaining: 50, limit_reset: "weekly", include_byok_in_limit: true,
      usage: 0, expires_at: "2030-01-01T00:00:00.000Z", workspace_id: account.id, creator_user_id: admin.id, kind: "inference",
    });
    expect(res.body.data.label).toBe(`sk-tg-v1-${res.body.key.slice(9, 12)}...${res.body.key.slice(-4)}`);
    const row = await (await db()).apiKey.findUniqueOrThrow({ where: { hash: res.body.data.hash } });
    expect(JSON.stringify(row, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(res.body.key.slice(9));

    const got = await callRoute(keyRoute.GET as never, { as: mgmt(management.key), params: { hash: res.body.data.hash } });
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual(expect.objectContaining({ hash: res.body.data.hash, name: "Production" }));
    expect(got.body.key).toBeUndefined();
  });

  it("refuses bad input with 400 and creates nothing", async () => {
    const { management, account } = await orgWithKeys();
    const before = await (await db()).apiKey.count({ where: { accountId: account.id } });
    for (const body of [
      {},
      { name: "" },
      { name: "x", limit: -1 },
      { name: "x", limit_reset: "hourly" },
      { name: "x", expires_at: "2030-01-01" },
      { name: "x", expires_at: "2030-01-01T00:00:00" },
      { name: "x", expires_at: "2001-01-01T00:00:00Z" },
      { name: "x", external: { user: "u", api_key: "short" } },
      { name: "x", workspace_id: "someone-else" },
      "{not json",
    ]) {
      const res = await callRoute(keysRoute.POST as never, { method: "POST", as: mgmt(management.key), body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe(400);
    }
    expect(await (await db()).apiKey.count({ where: { accountId: account.id } })).toBe(before);
  });

  it("lists without disabled keys unless include_disabled=true; PATCH updates; DELETE answers {deleted:true}", async () => {
    const { management } = await orgWithKeys();
    const a = (await callRoute(keysRoute.POST as never, { method: "POST", as: mgmt(management.key), body: { name: "A" } })).body.data;
    const b = (await callRoute(keysRoute.POST as never, { method: "POST", as: mgmt(management.key), body: { name: "B" } })).body.data;
    const patched = await callRoute(keyRoute.PATCH as never, { method: "PATCH", as: mgmt(management.key), params: { hash: b.hash }, body: { disabled: true, name: "B2", limit: 5, limit_reset: "daily" } });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ name: "B2", disabled: true, limit: 5, limit_reset: "daily", limit_remaining: 5 });
    const list = await callRoute(keysRoute.GET as never, { as: mgmt(management.key) });
    expect(list.status).toBe(200);
    expect(Object.keys(list.body)).toEqual(["data"]);
    const names = list.body.data.map((k: { name: string }) => k.name);
    expect(names).toContain("A");
    expect(names).not.toContain("B2");
    list.body.data.forEach(expectKeyShape);
    const all = await callRoute(keysRoute.GET as never, { as: mgmt(management.key), path: "/?include_disabled=true" });
    expect(all.body.data.map((k: { name: string }) => k.name)).toContain("B2");
    const del = await callRoute(keyRoute.DELETE as never, { method: "DELETE", as: mgmt(management.key), params: { hash: a.hash } });
    expect(del).toMatchObject({ status: 200, body: { deleted: true } });
    expect((await callRoute(keyRoute.GET as never, { as: mgmt(management.key), params: { hash: a.hash } })).status).toBe(404);
  });

  it("a disabled or deleted key stops working at once", async () => {
    const { management } = await orgWithKeys();
    const created = (await callRoute(keysRoute.POST as never, { method: "POST", as: mgmt(management.key), body: { name: "live" } })).body;
    expect((await callRoute(currentKeyRoute.GET as never, { as: { apiKey: created.key } })).status).toBe(200);
    await callRoute(keyRoute.PATCH as never, { method: "PATCH", as: mgmt(management.key), params: { hash: created.data.hash }, body: { disabled: true } });
    expect((await callRoute(currentKeyRoute.GET as never, { as: { apiKey: created.key } })).status).toBe(401);
    await callRoute(keyRoute.PATCH as never, { method: "PATCH", as: mgmt(management.key), params: { hash: created.data.hash }, body: { disabled: false } });
    expect((await callRoute(currentKeyRoute.GET as never, { as: { apiKey: created.key } })).status).toBe(200);
    await callRoute(keyRoute.DELETE as never, { method: "DELETE", as: mgmt(management.key), params: { hash: created.data.hash } });
    expect((await callRoute(currentKeyRoute.GET as never, { as: { apiKey: created.key } })).status).toBe(401);
  });
});

describe("GET /api/v1/key", () => {
  it("describes the calling key, for an inference or a management key, and counts its use", async () => {
    const { management, account } = await orgWithKeys();
    const created = (await callRoute(keysRoute.POST as never, { method: "POST", as: mgmt(management.key), body: { name: "inf", limit: 10, limit_reset: "monthly" } })).body;
    const res = await callRoute(currentKeyRoute.GET as never, { as: { apiKey: created.key } });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      label: created.data.label, limit: 10, limit_remaining: 10, limit_reset: "monthly", is_management_key: false, is_provisioning_key: false,
      is_free_tier: false, organization_id: account.id, workspace_id: account.id, usage: 0, byok_usage: 0,
      free_model_daily_requests: { limit: 0, remaining: 0, used: 0 },
    });
    expect(res.body.data.hash).toBeUndefined();
    expect(Number.isInteger(res.body.data.rate_limit.requests)).toBe(true);
    const m = await callRoute(currentKeyRoute.GET as never, { as: mgmt(management.key) });
    expect(m.body.data.is_management_key).toBe(true);
    await flushKeyActivity();
    const row = await (await db()).apiKey.findUniqueOrThrow({ where: { hash: created.data.hash } });
    expect(row.requestCount).toBe(1n);
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("401 without a key or with a session; 401 for an unknown key", async () => {
    const { admin, slug } = await orgWithKeys();
    expect((await callRoute(currentKeyRoute.GET as never, {})).status).toBe(401);
    expect((await callRoute(currentKeyRoute.GET as never, { as: { userId: admin.id, account: slug } })).status).toBe(401);
    expect((await callRoute(currentKeyRoute.GET as never, { as: { apiKey: "sk-tg-v1-" + "f".repeat(64) } })).status).toBe(401);
  });
});

describe("authorization matrix for /api/v1/keys", () => {
  type Who = "signedOut" | "inferenceKey" | "managementKey" | "admin" | "member" | "billing" | "otherAdmin" | "otherManagementKey";
  let world: Awaited<ReturnType<typeof orgWithKeys>> & { inference: { key: string }; memberKeyHash: string; other: { adminId: string; slug: string; mgmt: string } };

  beforeAll(async () => {
    const w = await orgWithKeys();
    const inference = await createApiKeyFor(w.account.id, "INFERENCE", w.admin.id);
    const memberKey = await createApiKeyFor(w.account.id, "INFERENCE", w.member.id);
    const otherAdmin = await createUser();
    const other = await createOrganizationFor(otherAdmin.id);
    const otherMgmt = await createApiKeyFor(other.account.id, "MANAGEMENT", otherAdmin.id);
    world = { ...w, inference, memberKeyHash: memberKey.hash, other: { adminId: otherAdmin.id, slug: other.account.slug!, mgmt: otherMgmt.key } };
  });

  const as = (who: Who): As =>
    ({
      signedOut: {},
      inferenceKey: { apiKey: world.inference.key },
      managementKey: { apiKey: world.management.key },
      admin: { userId: world.admin.id, account: world.slug },
      member: { userId: world.member.id, account: world.slug },
      billing: { userId: world.billing.id, account: world.slug },
      otherAdmin: { userId: world.other.adminId, account: world.slug },
      otherManagementKey: { apiKey: world.other.mgmt },
    })[who];

  const cases: [string, Who, number][] = [
    ["list", "signedOut", 401], ["list", "inferenceKey", 403], ["list", "managementKey", 200], ["list", "admin", 200],
    ["list", "member", 200], ["list", "billing", 403], ["list", "otherAdmin", 404], ["list", "otherManagementKey", 200],
    ["create", "signedOut", 401], ["create", "inferenceKey", 403], ["create", "managementKey", 201], ["create", "admin", 201],
    ["create", "member", 201], ["create", "billing", 403], ["create", "otherAdmin", 404],
    ["createManagement", "member", 403], ["createManagement", "admin", 201],
    ["getMemberKey", "member", 200], ["getMemberKey", "admin", 200], ["getMemberKey", "managementKey", 200],
    ["getMemberKey", "otherManagementKey", 404], ["getMemberKey", "billing", 403], ["getMemberKey", "inferenceKey", 403],
    ["getAdminKey", "member", 404],
    ["patchAdminKey", "member", 404], ["patchMemberKey", "member", 200], ["patchMemberKey", "otherManagementKey", 404],
    ["deleteAdminKey", "member", 404], ["rotateAdminKey", "member", 404], ["rotateAdminKey", "otherManagementKey", 404],
  ];

  it.each(cases)("%s as %s → %i", async (op, who, status) => {
    const adminKey = await createApiKeyFor(world.account.id, "INFERENCE", world.admin.id);
    const snapshot = async () => (await db()).apiKey.findMany({ where: { accountId: world.account.id }, orderBy: { id: "asc" }, select: { id: true, name: true, disabled: true, expiresAt: true } });
    const before = await snapshot();
    const call = {
      list: () => callRoute(keysRoute.GET as never, { as: as(who) }),
      create: () => callRoute(keysRoute.POST as never, { method: "POST", as: as(who), body: { name: "new" } }),
      createManagement: () => callRoute(keysRoute.POST as never, { method: "POST", as: as(who), body: { name: "mgmt", kind: "management" } }),
      getMemberKey: () => callRoute(keyRoute.GET as never, { as: as(who), params: { hash: world.memberKeyHash } }),
      getAdminKey: () => callRoute(keyRoute.GET as never, { as: as(who), params: { hash: adminKey.hash } }),
      patchAdminKey: () => callRoute(keyRoute.PATCH as never, { method: "PATCH", as: as(who), params: { hash: adminKey.hash }, body: { name: "hijack" } }),
      patchMemberKey: () => callRoute(keyRoute.PATCH as never, { method: "PATCH", as: as(who), params: { hash: world.memberKeyHash }, body: { name: "renamed" } }),
      deleteAdminKey: () => callRoute(keyRoute.DELETE as never, { method: "DELETE", as: as(who), params: { hash: adminKey.hash } }),
      rotateAdminKey: () => callRoute(rotateRoute.POST as never, { method: "POST", as: as(who), params: { hash: adminKey.hash }, body: { revoke_previous_after_seconds: 60 } }),
    }[op]!;
    const res = await call();
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    if (status >= 400) {
      expect(res.body.error.code).toBe(status);
      expect(await snapshot()).toEqual(before);
    }
    if (op === "list" && who === "member") {
      expect(res.body.data.every((k: { creator_user_id: string }) => k.creator_user_id === world.member.id)).toBe(true);
    }
    if (op === "list" && who === "otherManagementKey") {
      expect(res.body.data.every((k: { workspace_id: string }) => k.workspace_id !== world.account.id)).toBe(true);
    }
  });
});

describe("rotation", () => {
  afterEach(() => {
    vi.useRealTimers();
    clearKeyCache();
  });

  it("the successor inherits name, limits and kind; both keys work during the overlap; the old one stops at its end", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-03-01T12:00:00Z"));
    const { management } = await orgWithKeys();
    const old = (await callRoute(keysRoute.POST as never, { method: "POST", as: mgmt(management.key), body: { name: "svc", limit: 20, limit_reset: "daily" } })).body;
    const rotated = await callRoute(rotateRoute.POST as never, { method: "POST", as: mgmt(management.key), params: { hash: old.data.hash }, body: { revoke_previous_after_seconds: 3600 } });
    expect(rotated.status).toBe(201);
    expectKeyShape(rotated.body.data);
    expect(rotated.body.data).toMatchObject({ name: "svc", limit: 20, limit_reset: "daily", rotated_from_hash: old.data.hash, kind: "inference" });
    expect(rotated.body.key).toMatch(/^sk-tg-v1-/);
    expect(rotated.body.key).not.toBe(old.key);
    expect(rotated.body.previous).toMatchObject({ hash: old.data.hash, expires_at: "2030-03-01T13:00:00.000Z", rotated_to_hash: rotated.body.data.hash });

    for (const key of [old.key, rotated.body.key]) expect((await callRoute(currentKeyRoute.GET as never, { as: { apiKey: key } })).status).toBe(200);
    vi.setSystemTime(new Date("2030-03-01T12:59:59Z"));
    clearKeyCache();
    expect((await callRoute(currentKeyRoute.GET as never, { as: { apiKey: old.key } })).status).toBe(200);
    vi.setSystemTime(new Date("2030-03-01T13:00:00Z"));
    const expired = await callRoute(currentKeyRoute.GET as never, { as: { apiKey: old.key } });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toBe("This API key has expired.");
    expect((await callRoute(currentKeyRoute.GET as never, { as: { apiKey: rotated.body.key } })).status).toBe(200);
  });

  it("0 revokes at once, null keeps the old key until revoked by hand, and a key rotates only once", async () => {
    const { management } = await orgWithKeys();
    const a = (await callRoute(keysRoute.POST as never, { method: "POST", as: mgmt(management.key), body: { name: "a" } })).body;
    const now = await callRoute(rotateRoute.POST as never, { method: "POST", as: mgmt(management.key), params: { hash: a.data.hash }, body: { revoke_previous_after_seconds: 0 } });
    expect(now.status).toBe(201);
    expect((await callRoute(currentKeyRoute.GET as never, { as: { apiKey: a.key } })).status).toBe(401);
    const again = await callRoute(rotateRoute.POST as never, { method: "POST", as: mgmt(management.key), params: { hash: a.data.hash }, body: { revoke_previous_after_seconds: 0 } });
    expect(again.status).toBe(409);

    const b = (await callRoute(keysRoute.POST as never, { method: "POST", as: mgmt(management.key), body: { name: "b" } })).body;
    const manual = await callRoute(rotateRoute.POST as never, { method: "POST", as: mgmt(management.key), params: { hash: b.data.hash }, body: { revoke_previous_after_seconds: null } });
    expect(manual.body.previous.expires_at).toBeNull();
    expect((await callRoute(currentKeyRoute.GET as never, { as: { apiKey: b.key } })).status).toBe(200);
    const revoke = await callRoute(keyRoute.PATCH as never, { method: "PATCH", as: mgmt(management.key), params: { hash: b.data.hash }, body: { expires_at: new Date().toISOString() } });
    expect(revoke.status).toBe(200);
    expect((await callRoute(currentKeyRoute.GET as never, { as: { apiKey: b.key } })).status).toBe(401);
    expect((await callRoute(currentKeyRoute.GET as never, { as: { apiKey: manual.body.key } })).status).toBe(200);

    for (const body of [{ revoke_previous_after_seconds: -1 }, { revoke_previous_after_seconds: 2592001 }, { revoke_previous_after_seconds: 1.5 }]) {
      const c = (await callRoute(keysRoute.POST as never, { method: "POST", as: mgmt(management.key), body: { name: "c" } })).body;
      expect((await callRoute(rotateRoute.POST as never, { method: "POST", as: mgmt(management.key), params: { hash: c.data.hash }, body })).status).toBe(400);
    }
  });
});
