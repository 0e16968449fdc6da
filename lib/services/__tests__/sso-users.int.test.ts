import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { expectAppError } from "../../testing/expect-app-error";
import { createOrganizationFor, createUser, DEFAULT_PASSWORD } from "../../../prisma/factories";
import { upsertSsoUser } from "../users/upsert-sso-user";
import { verifyCredentials } from "../users/verify-credentials";

const unique = () => randomBytes(4).toString("hex");
const newSubject = () => `sub-${unique()}`;

async function accountsOf(userId: string) {
  return (await db()).account.findMany({ where: { memberships: { some: { userId } } }, include: { memberships: true } });
}

describe("single sign-on: upsertSsoUser", () => {
  it("creates a new identity's user with a personal account it administers, and audits it", async () => {
    const subject = newSubject();
    const email = `new-${unique()}@sso.example.test`;
    const user = await upsertSsoUser({ input: { subject, email, emailVerified: true, name: "New Sso" } });
    expect(user).toMatchObject({ email, name: "New Sso", oidcSubject: subject });
    expect(user.lastActiveAt).toBeInstanceOf(Date);

    const client = await db();
    const withHash = await client.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(withHash.passwordHash).toBeNull();
    const accounts = await accountsOf(user.id);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ type: "PERSONAL", personalOwnerId: user.id, name: "New Sso" });
    expect(accounts[0].memberships).toEqual([expect.objectContaining({ userId: user.id, role: "ADMIN" })]);
    const events = await client.auditEvent.findMany({ where: { accountId: accounts[0].id } });
    expect(events).toEqual([
      expect.objectContaining({ action: "user.sign_up", actorUserId: user.id, targetId: user.id, metadata: { via: "oidc" } }),
    ]);
  });

  it("names the personal account after the email when the provider shares no name", async () => {
    const email = `nameless-${unique()}@sso.example.test`;
    const user = await upsertSsoUser({ input: { subject: newSubject(), email, emailVerified: true, name: "  " } });
    expect(user.name).toBeNull();
    expect((await accountsOf(user.id))[0].name).toBe(email);
  });

  it("returns the same user for the same subject, without a second user or account", async () => {
    const subject = newSubject();
    const first = await upsertSsoUser({ input: { subject, email: `same-${unique()}@sso.example.test`, emailVerified: true, name: "Same" } });
    const client = await db();
    const users = await client.user.count();
    const accounts = await client.account.count();
    // The provider may report another email later: the subject is the identity, the local email stays.
    const again = await upsertSsoUser({ input: { subject, email: `renamed-${unique()}@sso.example.test`, emailVerified: true, name: "Renamed" } });
    expect(again.id).toBe(first.id);
    expect(again.email).toBe(first.email);
    expect(await client.user.count()).toBe(users);
    expect(await client.account.count()).toBe(accounts);
    expect(await accountsOf(first.id)).toHaveLength(1);
  });

  it("links an existing password user with the same verified email, keeping their accounts and password", async () => {
    const existing = await createUser({ name: "Pass Word" });
    const { account: org } = await createOrganizationFor(existing.id);
    const client = await db();
    const users = await client.user.count();
    const subject = newSubject();

    const linked = await upsertSsoUser({ input: { subject, email: existing.email, emailVerified: true, name: "Other Name" } });
    expect(linked.id).toBe(existing.id);
    expect(linked).toMatchObject({ oidcSubject: subject, name: "Pass Word" });
    expect(await client.user.count()).toBe(users);
    expect((await accountsOf(existing.id)).map((a) => a.id)).toContain(org.id);
    const personal = await client.account.findUniqueOrThrow({ where: { personalOwnerId: existing.id } });
    const events = await client.auditEvent.findMany({ where: { accountId: personal.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["user.sign_up", "user.sso_link"]);
    await expect(verifyCredentials({ input: { email: existing.email, password: DEFAULT_PASSWORD } })).resolves.toMatchObject({ id: existing.id });
    // From now on the subject finds the user.
    expect((await upsertSsoUser({ input: { subject, email: existing.email, emailVerified: true } })).id).toBe(existing.id);
  });

  it("normalises emails to lower case, for new users and when linking", async () => {
    const created = await upsertSsoUser({ input: { subject: newSubject(), email: `  Mixed.Case-${unique()}@SSO.Example.TEST `, emailVerified: true } });
    expect(created.email).toBe(created.email.toLowerCase());
    expect(created.email).toMatch(/^mixed\.case-[0-9a-f]{8}@sso\.example\.test$/);

    const existing = await createUser();
    const linked = await upsertSsoUser({ input: { subject: newSubject(), email: existing.email.toUpperCase(), emailVerified: true } });
    expect(linked.id).toBe(existing.id);
    expect(linked.email).toBe(existing.email);
  });

  it("refuses to link an email the provider has not verified, and changes nothing", async () => {
    const existing = await createUser();
    const error = await expectAppError(upsertSsoUser({ input: { subject: newSubject(), email: existing.email, emailVerified: false } }));
    expect(error.status).toBe(403);
    expect(error.metadata.signInError).toBe("SsoEmailNotVerified");
    const client = await db();
    expect((await client.user.findUniqueOrThrow({ where: { id: existing.id } })).oidcSubject).toBeNull();
  });

  it("refuses an email already linked to another identity", async () => {
    const email = `taken-${unique()}@sso.example.test`;
    const owner = await upsertSsoUser({ input: { subject: newSubject(), email, emailVerified: true } });
    const error = await expectAppError(upsertSsoUser({ input: { subject: newSubject(), email, emailVerified: true } }));
    expect(error.status).toBe(409);
    expect(error.metadata.signInError).toBe("SsoAccountConflict");
    expect((await (await db()).user.findUniqueOrThrow({ where: { id: owner.id } })).oidcSubject).toBe(owner.oidcSubject);
  });

  it("refuses an identity without a usable email and creates nothing", async () => {
    const client = await db();
    const users = await client.user.count();
    for (const email of [undefined, "", "not-an-email"]) {
      const error = await expectAppError(upsertSsoUser({ input: { subject: newSubject(), email, emailVerified: true, name: "No Mail" } }));
      expect(error.status).toBe(400);
      expect(error.metadata.signInError).toBe("SsoNoEmail");
    }
    const noSubject = await expectAppError(upsertSsoUser({ input: { subject: "", email: `x-${unique()}@sso.example.test` } }));
    expect(noSubject.status).toBe(400);
    expect(await client.user.count()).toBe(users);
  });

  it("creates one user when the same new identity signs in twice at once", async () => {
    const input = { subject: newSubject(), email: `twice-${unique()}@sso.example.test`, emailVerified: true, name: "Twice" };
    const [a, b] = await Promise.all([upsertSsoUser({ input }), upsertSsoUser({ input })]);
    expect(a.id).toBe(b.id);
    expect(await (await db()).user.count({ where: { email: input.email } })).toBe(1);
  });
});
