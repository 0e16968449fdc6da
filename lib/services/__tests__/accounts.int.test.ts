import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { expectAppError } from "../../testing/expect-app-error";
import { addMember, createOrganizationFor, createUser } from "../../../prisma/factories";
import { createOrganization } from "../accounts/create-organization";
import { listMembers } from "../accounts/list-members";
import { listUserAccounts } from "../accounts/list-user-accounts";
import { renameOrganization } from "../accounts/rename-organization";
import { resolveAccountForUser } from "../accounts/resolve-account";

const rejects = expectAppError;

describe("organizations", () => {
  it("makes the creator its Admin and records the event", async () => {
    const user = await createUser();
    const { account, ctx } = await createOrganizationFor(user.id, { name: "Acme Robotics", slug: `acme-${Date.now()}` });
    expect(account).toMatchObject({ type: "ORGANIZATION", name: "Acme Robotics" });
    expect(ctx.role).toBe("ADMIN");
    const events = await (await db()).auditEvent.findMany({ where: { accountId: account.id } });
    expect(events).toEqual([expect.objectContaining({ action: "organization.create", actorUserId: user.id, targetId: account.id })]);
  });

  it("refuses a taken slug with 409 and a reserved one with 400, changing nothing", async () => {
    const user = await createUser();
    const { account } = await createOrganizationFor(user.id);
    const client = await db();
    const before = await client.account.count();
    expect((await rejects(createOrganization({ ctx: { userId: user.id }, input: { name: "Copy", slug: account.slug! } }))).status).toBe(409);
    expect((await rejects(createOrganization({ ctx: { userId: user.id }, input: { name: "Mine", slug: "personal" } }))).status).toBe(400);
    expect(await client.account.count()).toBe(before);
  });

  it("lists the personal account first, then organizations by name, with the role in each", async () => {
    const user = await createUser();
    const other = await createUser();
    const zeta = await createOrganizationFor(user.id, { name: "Zeta" });
    const alpha = await createOrganizationFor(other.id, { name: "Alpha" });
    await addMember(alpha.account.id, user.id, "MEMBER");
    const accounts = await listUserAccounts({ ctx: { userId: user.id } });
    expect(accounts.map((a) => [a.type, a.name, a.role])).toEqual([
      ["PERSONAL", user.name, "ADMIN"],
      ["ORGANIZATION", "Alpha", "MEMBER"],
      ["ORGANIZATION", "Zeta", "ADMIN"],
    ]);
    expect(accounts.map((a) => a.segment)).toEqual(["personal", alpha.account.slug, zeta.account.slug]);
  });
});

describe("tenant isolation and roles", () => {
  it("an account the user does not belong to is not found (404), never forbidden", async () => {
    const owner = await createUser();
    const outsider = await createUser();
    const { account } = await createOrganizationFor(owner.id);
    const error = await rejects(resolveAccountForUser({ userId: outsider.id, segment: account.slug! }));
    expect(error.status).toBe(404);
    expect(error.message).toBe("Account not found.");
    expect((await rejects(resolveAccountForUser({ userId: outsider.id, segment: "no-such-org" }))).status).toBe(404);
  });

  it("'personal' always means the caller's own personal account", async () => {
    const a = await createUser();
    const b = await createUser();
    const ctxA = await resolveAccountForUser({ userId: a.id, segment: "personal" });
    const ctxB = await resolveAccountForUser({ userId: b.id, segment: "personal" });
    expect(ctxA.account.id).not.toBe(ctxB.account.id);
    expect(ctxA.account.type).toBe("PERSONAL");
  });

  it("a Member is refused an Admin action (403) and nothing changes", async () => {
    const admin = await createUser();
    const member = await createUser();
    const { account } = await createOrganizationFor(admin.id, { name: "Original" });
    await addMember(account.id, member.id, "MEMBER");
    const memberCtx = await resolveAccountForUser({ userId: member.id, segment: account.slug! });
    const error = await rejects(renameOrganization({ ctx: memberCtx, input: { name: "Hijacked" } }));
    expect(error.status).toBe(403);
    const client = await db();
    expect((await client.account.findUniqueOrThrow({ where: { id: account.id } })).name).toBe("Original");
    expect(await client.auditEvent.count({ where: { accountId: account.id, action: "organization.rename" } })).toBe(0);
  });

  it("an Admin renames the organization and the change is audited", async () => {
    const admin = await createUser();
    const { account, ctx } = await createOrganizationFor(admin.id, { name: "Before" });
    await renameOrganization({ ctx, input: { name: "After" } });
    const client = await db();
    expect((await client.account.findUniqueOrThrow({ where: { id: account.id } })).name).toBe("After");
    const event = await client.auditEvent.findFirstOrThrow({ where: { accountId: account.id, action: "organization.rename" } });
    expect(event.metadata).toEqual({ from: "Before", to: "After" });
  });

  it("members lists only the account's own members", async () => {
    const a = await createUser();
    const b = await createUser();
    const orgA = await createOrganizationFor(a.id);
    await createOrganizationFor(b.id);
    const { members, total } = await listMembers({ ctx: orgA.ctx });
    expect(total).toBe(1);
    expect(members.map((m) => m.email)).toEqual([a.email]);
  });
});
