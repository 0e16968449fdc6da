// /api/v1/guardrails: the authorization matrix (every route × {signed out, Member, Billing, Admin,
// Admin of another organization, inference key, management key}, and a refusal changes nothing),
// then the wire format (API_CONTRACT §5), assignment semantics and what a Member may read.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { callRoute, type As } from "@/lib/testing/http";
import { createApiKeyFor } from "@/prisma/factories";
import { createMatrixOrganization, createMatrixPeople, expectMatrixOutcome, matrixCaller, PERSONAS, type MatrixPeople, type Persona } from "@/lib/testing/authz-matrix";
import { createGuardrail } from "@/lib/services/guardrails/create-guardrail";
import { assignGuardrailKeys } from "@/lib/services/guardrails/assign-guardrail-keys";
import * as collection from "../guardrails/route";
import * as item from "../guardrails/[id]/route";
import * as keys from "../guardrails/[id]/assignments/keys/route";
import * as keysRemove from "../guardrails/[id]/assignments/keys/remove/route";
import * as members from "../guardrails/[id]/assignments/members/route";
import * as membersRemove from "../guardrails/[id]/assignments/members/remove/route";
import * as allKeys from "../guardrails/assignments/keys/route";
import * as allMembers from "../guardrails/assignments/members/route";
import * as effective from "../guardrails/effective/route";

let people: MatrixPeople;
let users: MatrixPeople["users"];

beforeAll(async () => {
  people = await createMatrixPeople();
  users = people.users;
});

/** A fresh organization: Admin, Member, Billing, a guardrail on the Admin's inference key, both kinds of key. */
async function world() {
  const org = await createMatrixOrganization(people);
  const guardrail = await createGuardrail({ ctx: org.ctx, input: { name: "Matrix", limit_usd: 5, reset_interval: "daily" } });
  await assignGuardrailKeys({ ctx: org.ctx, id: guardrail.id, input: { key_hashes: [org.inference.hash] } });
  return { ...org, guardrailId: guardrail.id };
}
type World = Awaited<ReturnType<typeof world>>;

const caller = (persona: Persona, w: World, isItemRoute: boolean): As => matrixCaller(persona, people, w, isItemRoute);

async function snapshot(accountId: string) {
  const client = await db();
  const [guardrails, keyAssignments, memberAssignments, audit] = await Promise.all([
    client.$queryRaw`SELECT * FROM guardrails WHERE account_id = ${accountId} ORDER BY id`,
    client.$queryRaw`SELECT a.* FROM guardrail_key_assignments a JOIN guardrails g ON g.id = a.guardrail_id WHERE g.account_id = ${accountId} ORDER BY a.id`,
    client.$queryRaw`SELECT * FROM guardrail_member_assignments WHERE account_id = ${accountId} ORDER BY id`,
    client.auditEvent.count({ where: { accountId } }),
  ]);
  return JSON.stringify({ guardrails, keyAssignments, memberAssignments, audit }, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

type Case = { name: string; handler: unknown; method: string; body?: (w: World) => unknown; path?: (w: World) => string; isItemRoute: boolean; expect: Record<Persona, number> };

// Billing holds no guardrails permission; a Member reads only what applies to them (the matrix's
// guardrail is on the Admin's key: not found for the Member) and writes nothing.
const LIST = { signedOut: 401, member: 200, billing: 403, admin: 200, otherAdmin: 404, inferenceKey: 403, managementKey: 200 };
const READ = { ...LIST, member: 404 };
const WRITE = { ...LIST, member: 403 };
const CREATE = { ...WRITE, admin: 201, managementKey: 201 };

const CASES: Case[] = [
  { name: "GET /guardrails", handler: collection.GET, method: "GET", isItemRoute: false, expect: LIST },
  { name: "POST /guardrails", handler: collection.POST, method: "POST", body: () => ({ name: "New", limit_usd: 1 }), isItemRoute: false, expect: CREATE },
  { name: "GET /guardrails/{id}", handler: item.GET, method: "GET", isItemRoute: true, expect: READ },
  { name: "PATCH /guardrails/{id}", handler: item.PATCH, method: "PATCH", body: () => ({ name: "Renamed", allowed_models: ["a/b"] }), isItemRoute: true, expect: WRITE },
  { name: "DELETE /guardrails/{id}", handler: item.DELETE, method: "DELETE", isItemRoute: true, expect: WRITE },
  { name: "POST /guardrails/{id}/assignments/keys", handler: keys.POST, method: "POST", body: (w) => ({ key_hashes: [w.management.hash] }), isItemRoute: true, expect: WRITE },
  { name: "POST /guardrails/{id}/assignments/keys/remove", handler: keysRemove.POST, method: "POST", body: (w) => ({ key_hashes: [w.inference.hash] }), isItemRoute: true, expect: WRITE },
  { name: "POST /guardrails/{id}/assignments/members", handler: members.POST, method: "POST", body: () => ({ member_user_ids: [users.member.id] }), isItemRoute: true, expect: WRITE },
  { name: "POST /guardrails/{id}/assignments/members/remove", handler: membersRemove.POST, method: "POST", body: () => ({ member_user_ids: [users.member.id] }), isItemRoute: true, expect: WRITE },
  { name: "GET /guardrails/{id}/assignments/keys", handler: keys.GET, method: "GET", isItemRoute: true, expect: READ },
  { name: "GET /guardrails/{id}/assignments/members", handler: members.GET, method: "GET", isItemRoute: true, expect: READ },
  { name: "GET /guardrails/assignments/keys", handler: allKeys.GET, method: "GET", isItemRoute: false, expect: LIST },
  { name: "GET /guardrails/assignments/members", handler: allMembers.GET, method: "GET", isItemRoute: false, expect: LIST },
  { name: "GET /guardrails/effective (the Admin's key)", handler: effective.GET, method: "GET", path: (w) => `/?key_hash=${w.inference.hash}`, isItemRoute: true, expect: READ },
];

describe.each(CASES)("$name", (c) => {
  it.each(PERSONAS)("as %s", async (persona) => {
    const w = await world();
    const before = await snapshot(w.account.id);
    const res = await callRoute(c.handler as never, { method: c.method, as: caller(persona, w, c.isItemRoute), body: c.body?.(w), path: c.path?.(w) ?? "/", params: { id: w.guardrailId } });
    await expectMatrixOutcome(res, { expected: c.expect[persona], method: c.method, before, snapshot: () => snapshot(w.account.id) });
  });
});

describe("wire format and semantics", () => {
  it("create, get, list, patch (lists replaced whole), delete, as the SDK expects", async () => {
    const w = await world();
    const as = { apiKey: w.management.key };
    const created = await callRoute(collection.POST as never, {
      method: "POST", as,
      body: { name: "Team", description: "For the team", limit_usd: 100, reset_interval: "daily", include_byok_in_budgets: true, allowed_models: ["OpenAI/GPT-4o-mini", "openai/gpt-4o-mini"], ignored_providers: ["groq"], enforce_zdr: true, content_filters: null },
    });
    expect(created.status).toBe(201);
    const g = created.body.data;
    expect(g).toEqual(expect.objectContaining({
      name: "Team", description: "For the team", workspace_id: w.account.id, include_byok_in_budgets: true, limit_usd: 100, reset_interval: "daily",
      allowed_models: ["openai/gpt-4o-mini"], ignored_models: null, allowed_providers: null, ignored_providers: ["groq"], enforce_zdr: true,
    }));
    expect(g.created_at).toMatch(/Z$/);
    expect((await callRoute(item.GET as never, { as, params: { id: g.id } })).body.data).toMatchObject({ id: g.id, name: "Team" });
    const patched = await callRoute(item.PATCH as never, { method: "PATCH", as, params: { id: g.id }, body: { allowed_models: ["a/b"], limit_usd: null, reset_interval: null } });
    expect(patched.body.data).toMatchObject({ allowed_models: ["a/b"], limit_usd: null, reset_interval: null, ignored_providers: ["groq"], name: "Team" });
    const list = await callRoute(collection.GET as never, { as, path: "/?limit=1&offset=1" });
    expect(list.body.total_count).toBe(2);
    expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([g.id]);
    expect((await callRoute(item.DELETE as never, { method: "DELETE", as, params: { id: g.id } })).body).toEqual({ deleted: true });
    expect((await callRoute(item.GET as never, { as, params: { id: g.id } })).status).toBe(404);
    const actions = (await (await db()).auditEvent.findMany({ where: { accountId: w.account.id, targetId: g.id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["guardrail.create", "guardrail.update", "guardrail.delete"]);
  });

  it("refuses bad input with 400 and names the field: unsupported filters, negative budgets, a bad interval", async () => {
    const w = await world();
    const as = { apiKey: w.management.key };
    for (const body of [{ name: "X", content_filters: [{ pattern: "a", action: "block" }] }, { name: "X", limit_usd: -1 }, { name: "X", reset_interval: "hourly" }, { name: "" }, { name: "X", workspace_id: "elsewhere" }]) {
      const res = await callRoute(collection.POST as never, { method: "POST", as, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe(400);
    }
  });

  it("a key holds one guardrail: assigning another replaces it; members are assigned in bulk; lists and counts", async () => {
    const w = await world();
    const as = { apiKey: w.management.key };
    const second = (await callRoute(collection.POST as never, { method: "POST", as, body: { name: "Second" } })).body.data.id;
    const assign = await callRoute(keys.POST as never, { method: "POST", as, params: { id: second }, body: { key_hashes: [w.inference.hash, w.management.hash] } });
    expect(assign.body).toEqual({ assigned_count: 2 });
    expect((await callRoute(keys.POST as never, { method: "POST", as, params: { id: second }, body: { key_hashes: [w.inference.hash] } })).body).toEqual({ assigned_count: 0 });
    expect((await callRoute(keys.GET as never, { as, params: { id: w.guardrailId } })).body).toEqual({ data: [], total_count: 0 });
    const listed = await callRoute(allKeys.GET as never, { as });
    expect(listed.body.total_count).toBe(2);
    expect(listed.body.data[0]).toEqual({ id: expect.any(String), guardrail_id: second, key_hash: expect.any(String), key_name: expect.any(String), key_label: expect.any(String), assigned_by: users.admin.id, created_at: expect.stringMatching(/Z$/) });
    const unknown = await callRoute(keys.POST as never, { method: "POST", as, params: { id: second }, body: { key_hashes: ["0".repeat(64)] } });
    expect(unknown.status).toBe(400);

    const m = await callRoute(members.POST as never, { method: "POST", as, params: { id: second }, body: { member_user_ids: [users.member.id, users.billing.id, users.member.id] } });
    expect(m.body).toEqual({ assigned_count: 2 });
    expect((await callRoute(members.POST as never, { method: "POST", as, params: { id: second }, body: { member_user_ids: [users.otherAdmin.id] } })).status).toBe(400);
    const ml = await callRoute(members.GET as never, { as, params: { id: second } });
    expect(ml.body.total_count).toBe(2);
    expect(ml.body.data[0]).toMatchObject({ guardrail_id: second, organization_id: w.account.id, assigned_by: users.admin.id });
    expect((await callRoute(membersRemove.POST as never, { method: "POST", as, params: { id: second }, body: { member_user_ids: [users.billing.id] } })).body).toEqual({ unassigned_count: 1 });
    expect((await callRoute(keysRemove.POST as never, { method: "POST", as, params: { id: second }, body: { key_hashes: [w.inference.hash, w.inference.hash] } })).body).toEqual({ unassigned_count: 1 });
  });

  it("a Member reads the guardrails that apply to them and to their keys, and their own effective policy", async () => {
    const w = await world();
    const admin = { apiKey: w.management.key };
    const own = await createApiKeyFor(w.account.id, "INFERENCE", users.member.id);
    const onMember = (await callRoute(collection.POST as never, { method: "POST", as: admin, body: { name: "On member", allowed_providers: ["openai"] } })).body.data.id;
    const onKey = (await callRoute(collection.POST as never, { method: "POST", as: admin, body: { name: "On key", enforce_zdr: true, limit_usd: 3, reset_interval: "monthly" } })).body.data.id;
    await callRoute(members.POST as never, { method: "POST", as: admin, params: { id: onMember }, body: { member_user_ids: [users.member.id] } });
    await callRoute(keys.POST as never, { method: "POST", as: admin, params: { id: onKey }, body: { key_hashes: [own.hash] } });
    const me = { userId: users.member.id, account: w.slug };
    const list = await callRoute(collection.GET as never, { as: me });
    expect(list.body.data.map((g: { name: string }) => g.name).sort()).toEqual(["On key", "On member"]);
    expect((await callRoute(allKeys.GET as never, { as: me })).body.data.map((a: { key_hash: string }) => a.key_hash)).toEqual([own.hash]);
    const view = await callRoute(effective.GET as never, { as: me, path: `/?key_hash=${own.hash}` });
    expect(view.status).toBe(200);
    expect(view.body.data).toMatchObject({
      subject: { type: "key", key_hash: own.hash, user_id: users.member.id },
      guardrails: [{ id: onKey, source: "key" }, { id: onMember, source: "member" }],
      allowed_providers: { values: ["openai"], from: [{ id: onMember, name: "On member" }] },
      zdr: { required: true, from: [{ id: onKey, name: "On key" }] },
      budgets: [{ guardrail_id: onKey, entity: "key", limit_usd: 3, used_usd: 0, remaining_usd: 3, reset_interval: "monthly" }],
    });
    expect((await callRoute(effective.GET as never, { as: me, path: `/?user_id=${users.member.id}` })).status).toBe(200);
    expect((await callRoute(effective.GET as never, { as: me, path: `/?user_id=${users.admin.id}` })).status).toBe(404);
    expect((await callRoute(effective.GET as never, { as: me, path: "/" })).status).toBe(400);
  });
});
