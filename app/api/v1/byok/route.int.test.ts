// Contract tests for /api/v1/byok (API_CONTRACT §6): status codes, every field and its type, the
// error envelope, pagination, and that no response ever carries the secret.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { callRoute } from "@/lib/testing/http";
import { createApiKeyFor, createOrganizationFor, createUser } from "@/prisma/factories";
import * as collection from "./route";
import * as item from "./[id]/route";

const SECRET = "sk-proj-CONTRACT-secret-9876wxyz";

async function setup() {
  const admin = await createUser();
  const { account } = await createOrganizationFor(admin.id);
  const management = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);
  return { admin, account, as: { apiKey: management.key } };
}

/** Every field of the ByokKey object, with its exact type and nullability. */
function expectByokKey(value: unknown, accountId: string) {
  const k = value as Record<string, unknown>;
  expect(typeof k.id).toBe("string");
  expect(typeof k.provider).toBe("string");
  expect(k.provider).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
  expect(typeof k.label).toBe("string");
  expect(k.label).toMatch(/^….{0,4}$/);
  expect(k.name === null || typeof k.name === "string").toBe(true);
  for (const flag of ["disabled", "is_fallback", "is_required", "is_byok_only"]) expect(typeof k[flag], flag).toBe("boolean");
  expect(Number.isInteger(k.sort_order)).toBe(true);
  for (const list of ["allowed_models", "allowed_api_key_hashes", "allowed_user_ids"]) {
    expect(k[list] === null || (Array.isArray(k[list]) && (k[list] as unknown[]).every((v) => typeof v === "string")), list).toBe(true);
  }
  expect(k.declared_zdr === null || typeof k.declared_zdr === "boolean").toBe(true);
  expect(k.workspace_id).toBe(accountId);
  expect(typeof k.created_at).toBe("string");
  expect(new Date(k.created_at as string).toISOString()).toBe(k.created_at);
  for (const key of Object.keys(k)) expect(key).not.toMatch(/secret|ciphertext|^key$/i);
}

function expectNoSecret(body: unknown) {
  const text = JSON.stringify(body);
  expect(text).not.toContain("CONTRACT-secret");
  expect(text).not.toContain(Buffer.from(SECRET).toString("base64").slice(0, 16));
}

describe("POST /api/v1/byok", () => {
  it("201 { data } with every field; defaults for what was left out; only the last four characters", async () => {
    const { account, as } = await setup();
    const res = await callRoute(collection.POST as never, { method: "POST", as, body: { provider: "openai", key: SECRET } });
    expect(res.status).toBe(201);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(Object.keys(res.body)).toEqual(["data"]);
    expectByokKey(res.body.data, account.id);
    expect(res.body.data).toMatchObject({
      provider: "openai",
      label: "…wxyz",
      name: null,
      disabled: false,
      is_fallback: false,
      is_required: false,
      is_byok_only: false,
      sort_order: 0,
      allowed_models: null,
      allowed_api_key_hashes: null,
      allowed_user_ids: null,
      declared_zdr: null,
      workspace_id: account.id,
    });
    expectNoSecret(res.body);
  });

  it("keeps every field the caller sets, and the next key of the provider comes after", async () => {
    const { account, as } = await setup();
    const apiKey = await createApiKeyFor(account.id, "INFERENCE", null);
    const first = await callRoute(collection.POST as never, { method: "POST", as, body: { provider: "anthropic", key: "sk-ant-0001" } });
    const body = {
      provider: "anthropic",
      key: "sk-ant-abcd1234",
      name: "Claude fallback",
      disabled: true,
      is_fallback: true,
      is_required: true,
      allowed_models: ["anthropic/claude-sonnet-4"],
      allowed_api_key_hashes: [apiKey.hash],
      allowed_user_ids: null,
      declared_zdr: true,
      workspace_id: account.id,
    };
    const res = await callRoute(collection.POST as never, { method: "POST", as, body });
    expect(res.status).toBe(201);
    expectByokKey(res.body.data, account.id);
    expect(first.body.data.sort_order).toBe(0);
    expect(res.body.data).toMatchObject({
      label: "…1234",
      name: "Claude fallback",
      disabled: true,
      is_fallback: true,
      is_required: true,
      is_byok_only: false,
      sort_order: 1,
      allowed_models: ["anthropic/claude-sonnet-4"],
      allowed_api_key_hashes: [apiKey.hash],
      allowed_user_ids: null,
      declared_zdr: true,
    });
  });

  it.each([
    ["no provider", { key: "sk-1" }, "provider"],
    ["an uppercase provider", { provider: "OpenAI", key: "sk-1" }, "provider"],
    ["no key", { provider: "openai" }, "key"],
    ["an empty key", { provider: "openai", key: "" }, "key"],
    ["byok-only and fallback", { provider: "openai", key: "sk-1", is_byok_only: true, is_fallback: true }, "is_byok_only"],
    ["a string flag", { provider: "openai", key: "sk-1", is_fallback: "true" }, "is_fallback"],
    ["a model list that is a string", { provider: "openai", key: "sk-1", allowed_models: "gpt-4o" }, "allowed_models"],
  ])("400 for %s, with the issue's path", async (_name, body, path) => {
    const { account, as } = await setup();
    const res = await callRoute(collection.POST as never, { method: "POST", as, body });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 400, metadata: { reason: "bad_request" } });
    expect(res.body.error.metadata.issues.map((i: { path: string[] }) => i.path[0])).toContain(path);
    expect(await (await db()).byokKey.count({ where: { accountId: account.id } })).toBe(0);
  });

  it("400 for malformed JSON, another account's API key hash, or another workspace", async () => {
    const { account, as } = await setup();
    const stranger = await createUser();
    const { account: other } = await createOrganizationFor(stranger.id);
    const theirKey = await createApiKeyFor(other.id, "INFERENCE", stranger.id);
    for (const body of [
      "{not json",
      { provider: "openai", key: "sk-1", allowed_api_key_hashes: [theirKey.hash] },
      { provider: "openai", key: "sk-1", allowed_api_key_hashes: ["0".repeat(64)] },
      { provider: "openai", key: "sk-1", workspace_id: other.id },
    ]) {
      const res = await callRoute(collection.POST as never, { method: "POST", as, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe(400);
    }
    expect(await (await db()).byokKey.count({ where: { accountId: account.id } })).toBe(0);
  });
});

describe("GET /api/v1/byok", () => {
  it("200 { data, total_count }: defaults without limit/offset, pages with them, filters by provider", async () => {
    const { account, as } = await setup();
    for (const [provider, key] of [["openai", "sk-a-1111"], ["groq", "gsk-b-2222"], ["openai", "sk-c-3333"]]) {
      await callRoute(collection.POST as never, { method: "POST", as, body: { provider, key, name: key } });
    }
    const all = await callRoute(collection.GET as never, { as });
    expect(all.status).toBe(200);
    expect(all.contentType).toMatch(/^application\/json/);
    expect(Object.keys(all.body).sort()).toEqual(["data", "total_count"]);
    expect(all.body.total_count).toBe(3);
    expect(Number.isInteger(all.body.total_count)).toBe(true);
    all.body.data.forEach((k: unknown) => expectByokKey(k, account.id));
    expect(all.body.data.map((k: { provider: string; sort_order: number }) => [k.provider, k.sort_order])).toEqual([["groq", 0], ["openai", 0], ["openai", 1]]);
    expectNoSecret(all.body);

    const page = await callRoute(collection.GET as never, { as, path: "/api/v1/byok?limit=1&offset=1" });
    expect(page.body.total_count).toBe(3);
    expect(page.body.data.map((k: { name: string }) => k.name)).toEqual(["sk-a-1111"]);
    const past = await callRoute(collection.GET as never, { as, path: "/api/v1/byok?limit=50&offset=10" });
    expect(past.body).toEqual({ data: [], total_count: 3 });

    const openai = await callRoute(collection.GET as never, { as, path: "/api/v1/byok?provider=openai" });
    expect(openai.body.total_count).toBe(2);
    expect(openai.body.data.every((k: { provider: string }) => k.provider === "openai")).toBe(true);
    const workspace = await callRoute(collection.GET as never, { as, path: `/api/v1/byok?workspace_id=${account.id}` });
    expect(workspace.body.total_count).toBe(3);
    const elsewhere = await callRoute(collection.GET as never, { as, path: "/api/v1/byok?workspace_id=another" });
    expect(elsewhere.body).toEqual({ data: [], total_count: 0 });
  });

  it("400 for a bad limit, offset or provider", async () => {
    const { as } = await setup();
    for (const query of ["limit=0", "limit=abc", "offset=-1", "limit=1.5", "provider=Not%20A%20Slug"]) {
      const res = await callRoute(collection.GET as never, { as, path: `/api/v1/byok?${query}` });
      expect(res.status, query).toBe(400);
      expect(res.body.error).toMatchObject({ code: 400, metadata: { reason: "bad_request" } });
    }
  });
});

describe("GET /api/v1/byok/{id}", () => {
  it("200 { data } with every field; 404 for an unknown id", async () => {
    const { account, as } = await setup();
    const created = await callRoute(collection.POST as never, { method: "POST", as, body: { provider: "groq", key: SECRET, name: "Groq" } });
    const res = await callRoute(item.GET as never, { as, params: { id: created.body.data.id } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(["data"]);
    expectByokKey(res.body.data, account.id);
    expect(res.body.data).toEqual(created.body.data);
    expectNoSecret(res.body);

    const missing = await callRoute(item.GET as never, { as, params: { id: "does-not-exist" } });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 404, message: "Provider key not found.", metadata: { reason: "not_found" } });
  });
});

describe("PATCH /api/v1/byok/{id}", () => {
  it("200 { data }: renames, toggles, re-scopes; `key` rotates the secret and the label", async () => {
    const { account, as } = await setup();
    const created = await callRoute(collection.POST as never, { method: "POST", as, body: { provider: "openai", key: SECRET } });
    const id = created.body.data.id;
    const res = await callRoute(item.PATCH as never, {
      method: "PATCH",
      as,
      params: { id },
      body: { name: "Renamed", disabled: true, is_fallback: true, allowed_models: ["openai/gpt-4o"], declared_zdr: false },
    });
    expect(res.status).toBe(200);
    expectByokKey(res.body.data, account.id);
    expect(res.body.data).toMatchObject({ id, name: "Renamed", disabled: true, is_fallback: true, allowed_models: ["openai/gpt-4o"], declared_zdr: false, label: "…wxyz" });

    const before = await (await db()).$queryRaw<{ secret_ciphertext: string }[]>`SELECT secret_ciphertext FROM byok_keys WHERE id = ${id}`;
    const rotated = await callRoute(item.PATCH as never, { method: "PATCH", as, params: { id }, body: { key: "sk-proj-rotated-5678" } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.data.label).toBe("…5678");
    expect(rotated.body.data.name).toBe("Renamed");
    const after = await (await db()).$queryRaw<{ secret_ciphertext: string }[]>`SELECT secret_ciphertext FROM byok_keys WHERE id = ${id}`;
    expect(after[0].secret_ciphertext).not.toBe(before[0].secret_ciphertext);
    expect(JSON.stringify(rotated.body)).not.toContain("rotated-5678");

    const cleared = await callRoute(item.PATCH as never, { method: "PATCH", as, params: { id }, body: { name: null, allowed_models: null, declared_zdr: null } });
    expect(cleared.body.data).toMatchObject({ name: null, allowed_models: null, declared_zdr: null });
  });

  it("400 for byok-only on a fallback key, an empty key or a bad type; 404 for an unknown id", async () => {
    const { as } = await setup();
    const created = await callRoute(collection.POST as never, { method: "POST", as, body: { provider: "openai", key: SECRET, is_fallback: true } });
    const id = created.body.data.id;
    for (const body of [{ is_byok_only: true }, { key: "" }, { disabled: "no" }, { sort_order: 0.5 }, { provider: "groq" }]) {
      const res = await callRoute(item.PATCH as never, { method: "PATCH", as, params: { id }, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe(400);
    }
    const get = await callRoute(item.GET as never, { as, params: { id } });
    expect(get.body.data).toEqual(created.body.data);
    const missing = await callRoute(item.PATCH as never, { method: "PATCH", as, params: { id: "nope" }, body: { name: "x" } });
    expect(missing.status).toBe(404);
  });
});

describe("DELETE /api/v1/byok/{id}", () => {
  it("200 { deleted: true }; afterwards 404", async () => {
    const { account, as } = await setup();
    const created = await callRoute(collection.POST as never, { method: "POST", as, body: { provider: "openai", key: SECRET } });
    const id = created.body.data.id;
    const res = await callRoute(item.DELETE as never, { method: "DELETE", as, params: { id } });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body).toEqual({ deleted: true });
    expect(await (await db()).byokKey.count({ where: { accountId: account.id } })).toBe(0);
    expect((await callRoute(item.GET as never, { as, params: { id } })).status).toBe(404);
    const again = await callRoute(item.DELETE as never, { method: "DELETE", as, params: { id } });
    expect(again.status).toBe(404);
    expect(again.body.error).toMatchObject({ code: 404, metadata: { reason: "not_found" } });
  });
});
