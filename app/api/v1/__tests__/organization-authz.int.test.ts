// The authorization matrix for organization routes: every route × {signed out, Member, Billing,
// Admin, Admin of another organization}, asserting the exact status, and that a refusal changes nothing.
import { beforeAll, describe, it } from "vitest";
import { db } from "@/lib/db";
import { callRoute } from "@/lib/testing/http";
import { expectMatrixOutcome } from "@/lib/testing/authz-matrix";
import { addMember, createOrganizationFor, createPlainUser, grantCreditsTo } from "@/prisma/factories";
import { createInvitation } from "@/lib/services/invitations/create-invitation";
import * as orgRoute from "../organization/route";
import * as membersRoute from "../organization/members/route";
import * as memberRoute from "../organization/members/[userId]/route";
import * as invitationsRoute from "../organization/invitations/route";
import * as resendRoute from "../organization/invitations/[id]/resend/route";
import * as revokeRoute from "../organization/invitations/[id]/revoke/route";
import * as creditsRoute from "../credits/route";
import * as entriesRoute from "../credits/entries/route";
import * as topUpsRoute from "../credits/top-ups/route";
import * as adjustmentsRoute from "../credits/adjustments/route";
import * as creditSettingsRoute from "../credits/settings/route";
import * as auditRoute from "../audit-events/route";

type Persona = "signedOut" | "member" | "billing" | "admin" | "otherAdmin";
const PERSONAS: Persona[] = ["signedOut", "member", "billing", "admin", "otherAdmin"];

let users: Record<"admin" | "member" | "billing" | "target" | "otherAdmin", { id: string }>;

beforeAll(async () => {
  const [admin, member, billing, target, otherAdmin] = await Promise.all([createPlainUser(), createPlainUser(), createPlainUser(), createPlainUser(), createPlainUser()]);
  users = { admin, member, billing, target, otherAdmin };
  await createOrganizationFor(otherAdmin.id);
});

/** A fresh organization for each case: Admin, Member, Billing, a target member, a pending invite, $10. */
async function world() {
  const { account, ctx } = await createOrganizationFor(users.admin.id);
  await addMember(account.id, users.member.id, "MEMBER");
  await addMember(account.id, users.billing.id, "BILLING");
  await addMember(account.id, users.target.id, "MEMBER");
  const { invitation } = await createInvitation({ ctx, input: { email: `invitee-${account.id}@example.test`, role: "MEMBER" } });
  await grantCreditsTo(ctx.account.id, 10, "seed");
  return { account, slug: account.slug!, invitationId: invitation.id };
}

async function snapshot(accountId: string) {
  const client = await db();
  const [account, memberships, invitations, credits, audit] = await Promise.all([
    client.account.findUnique({ where: { id: accountId } }),
    client.membership.findMany({ where: { accountId }, orderBy: { id: "asc" } }),
    client.invitation.findMany({ where: { accountId }, orderBy: { id: "asc" } }),
    client.creditEntry.findMany({ where: { accountId }, orderBy: { id: "asc" } }),
    client.auditEvent.count({ where: { accountId } }),
  ]);
  return JSON.stringify({ account, memberships, invitations, credits, audit }, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

type Case = {
  name: string;
  handler: (req: never, ctx: never) => Promise<Response>;
  method: string;
  body?: unknown;
  params?: (w: Awaited<ReturnType<typeof world>>) => Record<string, string>;
  expect: Record<Persona, number>;
};

const ADMIN_ONLY = { signedOut: 401, member: 403, billing: 403, admin: 200, otherAdmin: 404 };
const ADMIN_CREATE = { ...ADMIN_ONLY, admin: 201 };
// Credits come from the instance operator only: an organization's own Admin cannot mint them.
const OPERATOR_ONLY = { ...ADMIN_ONLY, admin: 403 };
const BILLING_READ = { signedOut: 401, member: 403, billing: 200, admin: 200, otherAdmin: 404 };

const CASES: Case[] = [
  { name: "GET /organization", handler: orgRoute.GET, method: "GET", expect: { signedOut: 401, member: 200, billing: 200, admin: 200, otherAdmin: 404 } },
  { name: "PATCH /organization", handler: orgRoute.PATCH, method: "PATCH", body: { name: "Renamed" }, expect: ADMIN_ONLY },
  { name: "DELETE /organization", handler: orgRoute.DELETE, method: "DELETE", body: "CONFIRM", expect: ADMIN_ONLY },
  { name: "GET /organization/members", handler: membersRoute.GET, method: "GET", expect: ADMIN_ONLY },
  { name: "PATCH /organization/members/{id}", handler: memberRoute.PATCH, method: "PATCH", body: { role: "BILLING" }, params: () => ({ userId: users.target.id }), expect: ADMIN_ONLY },
  { name: "DELETE /organization/members/{id}", handler: memberRoute.DELETE, method: "DELETE", params: () => ({ userId: users.target.id }), expect: ADMIN_ONLY },
  { name: "GET /organization/invitations", handler: invitationsRoute.GET, method: "GET", expect: ADMIN_ONLY },
  { name: "POST /organization/invitations", handler: invitationsRoute.POST, method: "POST", body: { email: "new-person@example.test", role: "MEMBER" }, expect: ADMIN_CREATE },
  { name: "POST /organization/invitations/{id}/resend", handler: resendRoute.POST, method: "POST", params: (w) => ({ id: w.invitationId }), expect: ADMIN_ONLY },
  { name: "POST /organization/invitations/{id}/revoke", handler: revokeRoute.POST, method: "POST", params: (w) => ({ id: w.invitationId }), expect: ADMIN_ONLY },
  { name: "GET /credits", handler: creditsRoute.GET, method: "GET", expect: BILLING_READ },
  { name: "GET /credits/entries", handler: entriesRoute.GET, method: "GET", expect: BILLING_READ },
  { name: "POST /credits/top-ups", handler: topUpsRoute.POST, method: "POST", body: { amount: 25, note: "PO 1234" }, expect: OPERATOR_ONLY },
  { name: "POST /credits/adjustments", handler: adjustmentsRoute.POST, method: "POST", body: { amount: -2.5, note: "refund" }, expect: OPERATOR_ONLY },
  { name: "PATCH /credits/settings", handler: creditSettingsRoute.PATCH, method: "PATCH", body: { low_balance_threshold: 3 }, expect: ADMIN_ONLY },
  { name: "GET /audit-events", handler: auditRoute.GET, method: "GET", expect: { signedOut: 401, member: 200, billing: 200, admin: 200, otherAdmin: 404 } },
];

describe.each(CASES)("$name", (c) => {
  it.each(PERSONAS)("as %s", async (persona) => {
    const w = await world();
    const userId = persona === "signedOut" ? undefined : users[persona].id;
    const body = c.body === "CONFIRM" ? { confirm_name: w.account.name } : c.body;
    const before = await snapshot(w.account.id);
    const res = await callRoute(c.handler as never, { method: c.method, as: { userId, account: w.slug }, body, params: c.params?.(w) ?? {} });
    await expectMatrixOutcome(res, { expected: c.expect[persona], method: c.method, before, snapshot: () => snapshot(w.account.id) });
  });
});
