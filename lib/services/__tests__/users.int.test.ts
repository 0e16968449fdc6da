import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { expectAppError } from "../../testing/expect-app-error";
import { createUser, DEFAULT_PASSWORD, personalCtx } from "../../../prisma/factories";
import { signUpUser } from "../users/sign-up-user";
import { INVALID_CREDENTIALS, verifyCredentials } from "../users/verify-credentials";

const rejects = expectAppError;

describe("sign-up", () => {
  it("creates a user with a personal account that the user administers, and audits it", async () => {
    const user = await createUser({ email: "New.Person@Example.test", name: "New Person" });
    expect(user.email).toBe("new.person@example.test");
    const client = await db();
    const accounts = await client.account.findMany({ where: { memberships: { some: { userId: user.id } } }, include: { memberships: true } });
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ type: "PERSONAL", personalOwnerId: user.id, slug: null });
    expect(accounts[0].memberships).toEqual([expect.objectContaining({ userId: user.id, role: "ADMIN" })]);
    const events = await client.auditEvent.findMany({ where: { accountId: accounts[0].id } });
    expect(events.map((e) => e.action)).toEqual(["user.sign_up"]);
    const ctx = await personalCtx(user.id);
    expect(ctx.account.id).toBe(accounts[0].id);
  });

  it("stores a slow hash, never the password, and hides it from ordinary reads", async () => {
    const user = await createUser();
    const client = await db();
    const plain = await client.user.findUniqueOrThrow({ where: { id: user.id } });
    expect("passwordHash" in plain).toBe(false);
    const withHash = await client.user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(withHash.passwordHash).toMatch(/^\$argon2id\$/);
    expect(withHash.passwordHash).not.toContain(DEFAULT_PASSWORD);
  });

  it("refuses a taken email (any case) with 409 and creates nothing", async () => {
    const user = await createUser();
    const client = await db();
    const before = await client.user.count();
    const error = await rejects(signUpUser({ input: { email: user.email.toUpperCase(), name: "Again", password: "another-password" } }));
    expect(error.status).toBe(409);
    expect(await client.user.count()).toBe(before);
  });

  it("refuses invalid input with 400", async () => {
    const error = await rejects(signUpUser({ input: { email: "nope", name: "", password: "x" } }));
    expect(error.status).toBe(400);
    expect((error.metadata.issues as unknown[]).length).toBe(3);
  });
});

describe("sign-in", () => {
  it("accepts the right password and refuses a wrong one or an unknown email alike", async () => {
    const user = await createUser();
    await expect(verifyCredentials({ input: { email: user.email, password: DEFAULT_PASSWORD } })).resolves.toMatchObject({ id: user.id });
    const wrong = await rejects(verifyCredentials({ input: { email: user.email, password: "wrong-password" } }));
    const unknown = await rejects(verifyCredentials({ input: { email: "nobody@example.test", password: "whatever" } }));
    expect([wrong.status, unknown.status]).toEqual([401, 401]);
    expect(wrong.message).toBe(INVALID_CREDENTIALS);
    expect(unknown.message).toBe(INVALID_CREDENTIALS);
  });

  it("slows an email after 5 failed attempts from one address, even for the right password", async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++) {
      expect((await rejects(verifyCredentials({ input: { email: user.email, password: `wrong-${i}` } }))).status).toBe(401);
    }
    const throttled = await rejects(verifyCredentials({ input: { email: user.email, password: DEFAULT_PASSWORD } }));
    expect(throttled.status).toBe(429);
    expect(throttled.message).toMatch(/Too many failed sign-in attempts\. Try again in 1 second\./);
    expect(throttled.headers["Retry-After"]).toMatch(/^\d+$/);
    // Another email is unaffected.
    const other = await createUser();
    await expect(verifyCredentials({ input: { email: other.email, password: DEFAULT_PASSWORD } })).resolves.toBeTruthy();
  });

  it("lets the attempts expire after the lockout window", async () => {
    const user = await createUser();
    const client = await db();
    const longAgo = new Date(Date.now() - 16 * 60_000);
    await client.signInAttempt.createMany({ data: Array.from({ length: 5 }, () => ({ email: user.email, succeeded: false, createdAt: longAgo })) });
    await expect(verifyCredentials({ input: { email: user.email, password: DEFAULT_PASSWORD } })).resolves.toMatchObject({ id: user.id });
  });
});
