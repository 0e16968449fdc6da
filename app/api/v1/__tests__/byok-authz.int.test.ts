// The authorization matrix for /api/v1/byok: every route × {signed out, Member, Billing, Admin,
// Admin of another organization, inference key, management key}, asserting the exact status, and
// that a refusal changes nothing (rows, ciphertexts and the audit trail).
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { callRoute, type As } from "@/lib/testing/http";
import { createApiKeyFor, createOrganizationFor } from "@/prisma/factories";
import { createMatrixOrganization, createMatrixPeople, expectMatrixOutcome, matrixCaller, PERSONAS, type MatrixPeople, type Persona } from "@/lib/testing/authz-matrix";
import { createByokKey } from "@/lib/services/byok/create-byok-key";
import * as collection from "../byok/route";
import * as item from "../byok/[id]/route";

let people: MatrixPeople;
let users: MatrixPeople["users"];

beforeAll(async () => {
  people = await createMatrixPeople();
  users = people.users;
});

/** A fresh organization for each case: Admin, Member, Billing, one provider key, and both kinds of API key. */
async function world() {
  const org = await createMatrixOrganization(people);
  const key = await createByokKey({ ctx: org.ctx, input: { provider: "openai", key: "sk-matrix-secret-1234", name: "Matrix" } });
  return { ...org, keyId: key.id };
}

type World = Awaited<ReturnType<typeof world>>;

const caller = (persona: Persona, w: World, isItemRoute: boolean): As => matrixCaller(persona, people, w, isItemRoute);

async function snapshot(accountId: string) {
  const client = await db();
  const [keys, audit] = await Promise.all([
    client.$queryRaw`SELECT * FROM byok_keys WHERE account_id = ${accountId} ORDER BY id`,
    client.auditEvent.count({ where: { accountId } }),
  ]);
  return JSON.stringify({ keys, audit });
}

type Case = {
  name: string;
  handler: unknown;
  method: string;
  body?: unknown;
  isItemRoute: boolean;
  expect: Record<Persona, number>;
};

const READ = { signedOut: 401, member: 403, billing: 403, admin: 200, otherAdmin: 404, inferenceKey: 403, managementKey: 200 };
const CREATE = { ...READ, admin: 201, managementKey: 201 };

const CASES: Case[] = [
  { name: "GET /byok", handler: collection.GET, method: "GET", isItemRoute: false, expect: READ },
  { name: "POST /byok", handler: collection.POST, method: "POST", body: { provider: "groq", key: "gsk-new-secret-9999" }, isItemRoute: false, expect: CREATE },
  { name: "GET /byok/{id}", handler: item.GET, method: "GET", isItemRoute: true, expect: READ },
  { name: "PATCH /byok/{id}", handler: item.PATCH, method: "PATCH", body: { name: "Renamed", is_fallback: true }, isItemRoute: true, expect: READ },
  { name: "PATCH /byok/{id} (rotate)", handler: item.PATCH, method: "PATCH", body: { key: "sk-rotated-secret-0000" }, isItemRoute: true, expect: READ },
  { name: "DELETE /byok/{id}", handler: item.DELETE, method: "DELETE", isItemRoute: true, expect: READ },
];

describe.each(CASES)("$name", (c) => {
  it.each(PERSONAS)("as %s", async (persona) => {
    const w = await world();
    const before = await snapshot(w.account.id);
    const res = await callRoute(c.handler as never, {
      method: c.method,
      as: caller(persona, w, c.isItemRoute),
      body: c.body,
      params: c.isItemRoute ? { id: w.keyId } : {},
    });
    await expectMatrixOutcome(res, { expected: c.expect[persona], method: c.method, before, snapshot: () => snapshot(w.account.id) });
    expect(JSON.stringify(res.body)).not.toMatch(/matrix-secret|rotated-secret|new-secret/);
  });
});

describe("another organization's management key", () => {
  it("finds none of this organization's keys: 404 on every item route, and an empty list", async () => {
    const w = await world();
    const { account: other } = await createOrganizationFor(users.otherAdmin.id);
    const theirKey = await createApiKeyFor(other.id, "MANAGEMENT", users.otherAdmin.id);
    const before = await snapshot(w.account.id);
    const as = { apiKey: theirKey.key };
    for (const [handler, method, body] of [
      [item.GET, "GET", undefined],
      [item.PATCH, "PATCH", { name: "Hijacked" }],
      [item.DELETE, "DELETE", undefined],
    ] as const) {
      const res = await callRoute(handler as never, { method, as, body, params: { id: w.keyId } });
      expect(res.status, method).toBe(404);
      expect(res.body.error).toMatchObject({ code: 404, metadata: { reason: "not_found" } });
    }
    const list = await callRoute(collection.GET as never, { as });
    expect(list.body).toEqual({ data: [], total_count: 0 });
    expect(await snapshot(w.account.id)).toBe(before);
  });
});
