// The route wrapper end to end: API key -> account -> permission -> handler -> error envelope.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { addMember, createApiKeyFor, createOrganizationFor, createUser, personalCtx } from "@/prisma/factories";
import { GET } from "./route";

async function call(query: string, authorization?: string) {
  const req = new NextRequest(`http://localhost/api/v1/organization/members${query}`, {
    headers: authorization ? { authorization } : {},
  });
  const res = await GET(req, { params: Promise.resolve({}) });
  return { status: res.status, type: res.headers.get("content-type"), body: await res.json() };
}

describe("GET /api/v1/organization/members", () => {
  it("answers a management key with the contract's shape, paginated", async () => {
    const admin = await createUser({ name: "Ada Lovelace" });
    const member = await createUser({ name: "Charles" });
    const { account } = await createOrganizationFor(admin.id);
    await addMember(account.id, member.id, "MEMBER");
    const key = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);

    const all = await call("", `Bearer ${key.key}`);
    expect(all.status).toBe(200);
    expect(all.type).toMatch(/^application\/json/);
    expect(all.body).toEqual({
      total_count: 2,
      data: [
        expect.objectContaining({ id: admin.id, email: admin.email, first_name: "Ada", last_name: "Lovelace", role: "org:admin" }),
        expect.objectContaining({ id: member.id, email: member.email, first_name: "Charles", last_name: null, role: "org:member" }),
      ],
    });
    const page = await call("?limit=1&offset=1", `Bearer ${key.key}`);
    expect(page.body.total_count).toBe(2);
    expect(page.body.data.map((m: { id: string }) => m.id)).toEqual([member.id]);
  });

  it("401 without credentials or with an unknown, disabled or expired key", async () => {
    const admin = await createUser();
    const { account } = await createOrganizationFor(admin.id);
    const disabled = await createApiKeyFor(account.id, "MANAGEMENT", admin.id, { disabled: true });
    const expired = await createApiKeyFor(account.id, "MANAGEMENT", admin.id, { expiresAt: new Date(Date.now() - 1000) });
    for (const auth of [undefined, "Bearer sk-tg-v1-" + "0".repeat(64), "Bearer nonsense", `Bearer ${disabled.key}`, `Bearer ${expired.key}`]) {
      const res = await call("", auth);
      expect(res.status, String(auth)).toBe(401);
      expect(res.body.error).toMatchObject({ code: 401, metadata: { reason: "unauthorized" } });
    }
  });

  it("403 for an inference key: wrong kind of key", async () => {
    const admin = await createUser();
    const { account } = await createOrganizationFor(admin.id);
    const key = await createApiKeyFor(account.id, "INFERENCE", admin.id);
    const res = await call("", `Bearer ${key.key}`);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe(403);
  });

  it("404 for a personal account, 400 for a bad query, and never another account's members", async () => {
    const user = await createUser();
    const ctx = await personalCtx(user.id);
    const personalKey = await createApiKeyFor(ctx.account.id, "MANAGEMENT", user.id);
    expect((await call("", `Bearer ${personalKey.key}`)).status).toBe(404);

    const other = await createUser();
    const { account } = await createOrganizationFor(other.id);
    const key = await createApiKeyFor(account.id, "MANAGEMENT", other.id);
    const bad = await call("?limit=abc", `Bearer ${key.key}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.metadata.issues[0].path).toEqual(["limit"]);
    const ok = await call("", `Bearer ${key.key}`);
    expect(ok.body.data.map((m: { id: string }) => m.id)).toEqual([other.id]);
  });
});
