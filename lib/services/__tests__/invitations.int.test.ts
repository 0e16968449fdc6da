import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { expectAppError } from "../../testing/expect-app-error";
import { callRoute } from "../../testing/http";
import { createOrganizationFor, createUser } from "../../../prisma/factories";
import { acceptInvitation } from "../invitations/accept-invitation";
import { createInvitation } from "../invitations/create-invitation";
import { getInvitationByToken } from "../invitations/get-invitation-by-token";
import { listInvitations } from "../invitations/list-invitations";
import { resendInvitation } from "../invitations/resend-invitation";
import { revokeInvitation } from "../invitations/revoke-invitation";
import { resolveAccountForUser } from "../accounts/resolve-account";
import * as acceptRoute from "../../../app/api/v1/invitations/accept/route";

async function orgWithInvite(role: "MEMBER" | "BILLING" | "ADMIN" = "MEMBER") {
  const admin = await createUser();
  const { account, ctx } = await createOrganizationFor(admin.id);
  const invitee = await createUser();
  const { invitation, token } = await createInvitation({ ctx, input: { email: invitee.email, role } });
  return { admin, account, ctx, invitee, invitation, token };
}

describe("invitations", () => {
  it("accepting joins the invited user with the invited role, once, and is audited", async () => {
    const { account, invitee, token } = await orgWithInvite("BILLING");
    const preview = await getInvitationByToken({ token });
    expect(preview).toMatchObject({ status: "pending", email: invitee.email, role: "BILLING", organization: { slug: account.slug } });
    const result = await acceptInvitation({ userId: invitee.id, token });
    expect(result).toMatchObject({ role: "BILLING", account: { id: account.id } });
    const ctx = await resolveAccountForUser({ userId: invitee.id, segment: account.slug! });
    expect(ctx.role).toBe("BILLING");
    expect((await getInvitationByToken({ token })).status).toBe("accepted");
    const join = await (await db()).auditEvent.findFirst({ where: { accountId: account.id, action: "member.join" } });
    expect(join).toMatchObject({ actorUserId: invitee.id, targetId: invitee.id });
  });

  it("a reused link is refused (409) and changes nothing", async () => {
    const { invitee, token, account } = await orgWithInvite();
    await acceptInvitation({ userId: invitee.id, token });
    const count = await (await db()).membership.count({ where: { accountId: account.id } });
    const error = await expectAppError(acceptInvitation({ userId: invitee.id, token }));
    expect(error.status).toBe(409);
    expect(error.message).toBe("This invitation was already used.");
    expect(await (await db()).membership.count({ where: { accountId: account.id } })).toBe(count);
  });

  it("an expired link is refused (400) with a way forward; resend makes a new link and kills the old one", async () => {
    const { ctx, invitee, invitation, token } = await orgWithInvite();
    await (await db()).invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await getInvitationByToken({ token })).status).toBe("expired");
    const expired = await expectAppError(acceptInvitation({ userId: invitee.id, token }));
    expect(expired.status).toBe(400);
    expect(expired.message).toMatch(/expired\. Ask an Admin to resend it/);
    const resent = await resendInvitation({ ctx, id: invitation.id });
    expect(resent.token).not.toBe(token);
    expect(resent.invitation.sentCount).toBe(2);
    expect(resent.invitation.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6.9 * 24 * 3600 * 1000);
    expect((await expectAppError(getInvitationByToken({ token }))).status).toBe(404);
    await expect(acceptInvitation({ userId: invitee.id, token: resent.token })).resolves.toBeTruthy();
  });

  it("a revoked link is refused and disappears from the pending list", async () => {
    const { ctx, invitee, invitation, token } = await orgWithInvite();
    expect((await listInvitations({ ctx })).map((i) => i.id)).toEqual([invitation.id]);
    await revokeInvitation({ ctx, id: invitation.id });
    expect(await listInvitations({ ctx })).toEqual([]);
    const error = await expectAppError(acceptInvitation({ userId: invitee.id, token }));
    expect(error.message).toBe("This invitation was revoked.");
    expect((await expectAppError(resendInvitation({ ctx, id: invitation.id }))).status).toBe(409);
  });

  it("the wrong signed-in account is refused (403) and the invitation stays usable", async () => {
    const { invitee, token, invitation } = await orgWithInvite();
    const stranger = await createUser();
    const error = await expectAppError(acceptInvitation({ userId: stranger.id, token }));
    expect(error.status).toBe(403);
    expect(error.message).toContain(invitee.email);
    expect(error.message).toContain(stranger.email);
    expect((await (await db()).invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).toBeNull();
  });

  it("an existing member cannot be invited (409); a pending invite cannot be doubled (409)", async () => {
    const { ctx, admin, invitee } = await orgWithInvite();
    expect((await expectAppError(createInvitation({ ctx, input: { email: admin.email, role: "MEMBER" } }))).status).toBe(409);
    expect((await expectAppError(createInvitation({ ctx, input: { email: invitee.email.toUpperCase(), role: "ADMIN" } }))).status).toBe(409);
  });

  it("already a member when accepting: 409, the link is not consumed", async () => {
    const { ctx, account, invitee, token, invitation } = await orgWithInvite();
    await (await db()).membership.create({ data: { accountId: account.id, userId: invitee.id, role: "MEMBER" } });
    const error = await expectAppError(acceptInvitation({ userId: invitee.id, token }));
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/already a member/);
    expect((await listInvitations({ ctx })).map((i) => i.id)).toContain(invitation.id);
  });

  it("an unknown token is 404; another organization's invitation is 404 to its Admin", async () => {
    const { invitation } = await orgWithInvite();
    const other = await createUser();
    const { ctx: otherCtx } = await createOrganizationFor(other.id);
    expect((await expectAppError(acceptInvitation({ userId: other.id, token: "x".repeat(43) }))).status).toBe(404);
    expect((await expectAppError(revokeInvitation({ ctx: otherCtx, id: invitation.id }))).status).toBe(404);
    expect((await expectAppError(resendInvitation({ ctx: otherCtx, id: invitation.id }))).status).toBe(404);
  });

  it("two concurrent accepts of one link: exactly one wins", async () => {
    const { invitee, token, account } = await orgWithInvite();
    const results = await Promise.allSettled([acceptInvitation({ userId: invitee.id, token }), acceptInvitation({ userId: invitee.id, token })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await (await db()).membership.count({ where: { accountId: account.id, userId: invitee.id } })).toBe(1);
  });

  it("POST /api/v1/invitations/accept: session only, 401 signed out, 403 with an API key", async () => {
    const { invitee, token } = await orgWithInvite();
    expect((await callRoute(acceptRoute.POST as never, { method: "POST", body: { token } })).status).toBe(401);
    const withKey = await callRoute(acceptRoute.POST as never, { method: "POST", body: { token }, as: { apiKey: "sk-tg-v1-" + "a".repeat(64) } });
    expect(withKey.status).toBe(403);
    const bad = await callRoute(acceptRoute.POST as never, { method: "POST", body: { token: 5 }, as: { userId: invitee.id } });
    expect(bad.status).toBe(400);
    const ok = await callRoute(acceptRoute.POST as never, { method: "POST", body: { token }, as: { userId: invitee.id } });
    expect(ok.status).toBe(200);
    expect(ok.body.data.role).toBe("org:member");
  });
});
