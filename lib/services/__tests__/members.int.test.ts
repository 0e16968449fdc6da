import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { expectAppError } from "../../testing/expect-app-error";
import { addMember, createApiKeyFor, createOrganizationFor, createUser } from "../../../prisma/factories";
import { resolveAccountForUser } from "../accounts/resolve-account";
import { deleteOrganization } from "../accounts/delete-organization";
import { changeMemberRole } from "../members/change-member-role";
import { removeMember } from "../members/remove-member";
import { hashApiKey } from "../../auth/api-keys";

async function org() {
  const admin = await createUser();
  const member = await createUser();
  const { account, ctx } = await createOrganizationFor(admin.id, { name: `Org ${Math.random().toString(36).slice(2, 8)}` });
  await addMember(account.id, member.id, "MEMBER");
  const memberCtx = await resolveAccountForUser({ userId: member.id, segment: account.slug! });
  return { admin, member, account, ctx, memberCtx };
}

describe("members", () => {
  it("the last Admin cannot be demoted, removed or leave (409); with a second Admin they can", async () => {
    const { admin, member, ctx, account } = await org();
    expect((await expectAppError(changeMemberRole({ ctx, userId: admin.id, input: { role: "MEMBER" } }))).status).toBe(409);
    expect((await expectAppError(removeMember({ ctx, userId: admin.id }))).message).toMatch(/last Admin cannot leave/);
    await changeMemberRole({ ctx, userId: member.id, input: { role: "org:admin" } });
    await changeMemberRole({ ctx, userId: admin.id, input: { role: "BILLING" } });
    const roles = await (await db()).membership.findMany({ where: { accountId: account.id }, select: { userId: true, role: true } });
    expect(Object.fromEntries(roles.map((r) => [r.userId, r.role]))).toEqual({ [admin.id]: "BILLING", [member.id]: "ADMIN" });
  });

  it("two Admins demoting each other at once leave one Admin", async () => {
    const { admin, member, ctx, account } = await org();
    await changeMemberRole({ ctx, userId: member.id, input: { role: "ADMIN" } });
    const ctx2 = await resolveAccountForUser({ userId: member.id, segment: account.slug! });
    await Promise.allSettled([
      changeMemberRole({ ctx, userId: member.id, input: { role: "MEMBER" } }),
      changeMemberRole({ ctx: ctx2, userId: admin.id, input: { role: "MEMBER" } }),
    ]);
    expect(await (await db()).membership.count({ where: { accountId: account.id, role: "ADMIN" } })).toBe(1);
  });

  it("anyone can leave; leaving disables their keys in the organization", async () => {
    const { member, memberCtx, account } = await org();
    const key = await createApiKeyFor(account.id, "INFERENCE", member.id);
    await removeMember({ ctx: memberCtx, userId: member.id });
    expect((await expectAppError(resolveAccountForUser({ userId: member.id, segment: account.slug! }))).status).toBe(404);
    expect((await (await db()).apiKey.findUniqueOrThrow({ where: { hash: hashApiKey(key.key) } })).disabled).toBe(true);
    const event = await (await db()).auditEvent.findFirstOrThrow({ where: { accountId: account.id, action: "member.leave" } });
    expect(event.metadata).toMatchObject({ keys_disabled: 1 });
  });

  it("a Member cannot remove or re-role someone else (403)", async () => {
    const { admin, memberCtx } = await org();
    expect((await expectAppError(removeMember({ ctx: memberCtx, userId: admin.id }))).status).toBe(403);
    expect((await expectAppError(changeMemberRole({ ctx: memberCtx, userId: admin.id, input: { role: "MEMBER" } }))).status).toBe(403);
  });

  it("a role that does not exist is refused with 400", async () => {
    const { member, ctx } = await org();
    expect((await expectAppError(changeMemberRole({ ctx, userId: member.id, input: { role: "OWNER" } }))).status).toBe(400);
  });

  it("deleting needs the exact name, then removes the organization and its keys; audited in the Admin's personal account", async () => {
    const { admin, ctx, account } = await org();
    const key = await createApiKeyFor(account.id, "INFERENCE", admin.id);
    expect((await expectAppError(deleteOrganization({ ctx, input: { confirm_name: account.name.toUpperCase() } }))).status).toBe(400);
    expect(await (await db()).account.count({ where: { id: account.id } })).toBe(1);
    await deleteOrganization({ ctx, input: { confirm_name: account.name } });
    const client = await db();
    expect(await client.account.count({ where: { id: account.id } })).toBe(0);
    expect(await client.apiKey.count({ where: { hash: hashApiKey(key.key) } })).toBe(0);
    const personal = await client.account.findUniqueOrThrow({ where: { personalOwnerId: admin.id } });
    expect(await client.auditEvent.findFirst({ where: { accountId: personal.id, action: "organization.delete" } })).toMatchObject({ targetId: account.id });
  });
});
