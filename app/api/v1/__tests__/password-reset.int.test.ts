// Password reset (operator links, and by mail with SMTP), change password and the profile.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { requestPasswordResetAction, resetPasswordAction } from "@/app/(auth)/actions";
import { hashOneTimeToken } from "@/lib/auth/one-time-token";
import { authOptions } from "@/lib/auth/options";
import { PASSWORD_RESET_TTL_MS } from "@/lib/services/password-resets/issue-password-reset";
import { getPasswordReset, INVALID_RESET_LINK } from "@/lib/services/password-resets/reset-password";
import { verifyCredentials } from "@/lib/services/users/verify-credentials";
import { expectAppError } from "@/lib/testing/expect-app-error";
import { callRoute } from "@/lib/testing/http";
import { mailText, startSmtpServer } from "@/lib/testing/smtp";
import { createUser, DEFAULT_PASSWORD } from "@/prisma/factories";
import * as linksRoute from "../password-reset-links/route";
import * as profileRoute from "../profile/route";
import * as passwordRoute from "../profile/password/route";
import * as sessionsRoute from "../sessions/route";

type User = Awaited<ReturnType<typeof createUser>>;
let operator: User;
const NEW_PASSWORD = "a brand new passphrase";
const signIn = async (userId: string) => (await authOptions().callbacks!.jwt!({ token: {}, user: { id: userId } } as never)).sid as string;
const stillSignedIn = async (userId: string, sessionId: string) => (await callRoute(sessionsRoute.GET, { as: { userId, sessionId } })).status === 200;
const issue = (email: string, userId = operator.id) => callRoute(linksRoute.POST, { method: "POST", path: "/api/v1/password-reset-links", as: { userId }, body: { email } });
const tokenOf = (url: string) => url.split("/reset-password/")[1]!;

beforeAll(async () => {
  operator = await createUser(); // the first user: the instance admin
});

describe("password reset by the operator's link", () => {
  it("the operator issues a one-time link, valid 1 hour, stored only as a SHA-256 hash", async () => {
    const user = await createUser();
    const res = await issue(user.email.toUpperCase());
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ email: user.email, url: expect.stringMatching(/^http:\/\/localhost\/reset-password\/[A-Za-z0-9_-]{43}$/) });
    const token = tokenOf(res.body.data.url);
    const rows = await (await db()).passwordResetToken.findMany({ where: { userId: user.id }, omit: { tokenHash: false } });
    expect(rows).toHaveLength(1);
    expect(rows[0].tokenHash).toBe(hashOneTimeToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(Math.abs(rows[0].expiresAt.getTime() - Date.now() - PASSWORD_RESET_TTL_MS)).toBeLessThan(60_000);
    expect(PASSWORD_RESET_TTL_MS).toBe(60 * 60 * 1000);
    expect(await getPasswordReset({ token })).toMatchObject({ email: user.email });
  });

  it("only the instance admin issues links; an unknown email is 404, a bad one 400", async () => {
    const user = await createUser();
    const refused = await issue(operator.email, user.id);
    expect(refused.status).toBe(403);
    expect(await (await db()).passwordResetToken.count({ where: { userId: operator.id } })).toBe(0);
    expect((await issue("nobody@example.test")).status).toBe(404);
    const bad = await issue("not an email");
    expect(bad.status).toBe(400);
    expect(bad.body.error.metadata.reason).toBe("bad_request");
  });

  it("resetting sets the new password, works once, and ends every session of that user", async () => {
    const user = await createUser();
    const [a, b] = [await signIn(user.id), await signIn(user.id)];
    const other = await createUser();
    const otherSession = await signIn(other.id);
    const first = tokenOf((await issue(user.email)).body.data.url);
    const second = tokenOf((await issue(user.email)).body.data.url);

    const done = await resetPasswordAction({ token: first, password: NEW_PASSWORD });
    expect(done).toEqual({ data: { email: user.email } });
    await expect(verifyCredentials({ input: { email: user.email, password: NEW_PASSWORD } })).resolves.toMatchObject({ id: user.id });
    expect((await expectAppError(verifyCredentials({ input: { email: user.email, password: DEFAULT_PASSWORD } }))).status).toBe(401);
    expect(await stillSignedIn(user.id, a)).toBe(false);
    expect(await stillSignedIn(user.id, b)).toBe(false);
    expect(await stillSignedIn(other.id, otherSession)).toBe(true);

    // Used: refused; the user's other outstanding link stopped working too.
    for (const token of [first, second]) {
      const again = await resetPasswordAction({ token, password: "yet another passphrase" });
      expect(again.error).toMatchObject({ code: 400, message: INVALID_RESET_LINK, metadata: { reason: "bad_request" } });
    }
    const events = await (await db()).auditEvent.findMany({ where: { targetId: user.id, action: "user.password_reset" } });
    expect(events).toHaveLength(1);
  });

  it("refuses an expired link, a made-up one and a short password with 400", async () => {
    const user = await createUser();
    const token = tokenOf((await issue(user.email)).body.data.url);
    const short = await resetPasswordAction({ token, password: "short" });
    expect(short.error).toMatchObject({ code: 400, metadata: { reason: "bad_request" } });
    await (await db()).passwordResetToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await resetPasswordAction({ token, password: NEW_PASSWORD })).error?.message).toBe(INVALID_RESET_LINK);
    expect(await getPasswordReset({ token })).toBeNull();
    expect((await resetPasswordAction({ token: "made-up", password: NEW_PASSWORD })).error?.code).toBe(400);
    expect((await resetPasswordAction({ password: NEW_PASSWORD })).error?.code).toBe(400);
    await expect(verifyCredentials({ input: { email: user.email, password: DEFAULT_PASSWORD } })).resolves.toBeTruthy();
  });

  it("without SMTP, asking by mail is refused with a pointer to the operator", async () => {
    const res = await requestPasswordResetAction({ email: operator.email });
    expect(res.error).toMatchObject({ code: 400, message: expect.stringMatching(/ask its operator/) });
  });
});

describe("password reset by mail", () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    process.env.NEXTAUTH_URL = "https://tollgate.example.test";
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    delete process.env.NEXTAUTH_URL;
    await smtp.close();
  });
  const mailsTo = (email: string) => smtp.received.filter((m) => m.to.includes(email));

  it("mails a link at NEXTAUTH_URL that resets the password; an unknown email gets the same answer and no mail", async () => {
    const user = await createUser();
    expect(await requestPasswordResetAction({ email: user.email })).toEqual({ data: { requested: true } });
    expect(await requestPasswordResetAction({ email: "nobody-here@example.test" })).toEqual({ data: { requested: true } });
    const mails = mailsTo(user.email);
    expect(mails).toHaveLength(1);
    expect(mailsTo("nobody-here@example.test")).toHaveLength(0);
    const url = mailText(mails[0]).match(/https:\/\/tollgate\.example\.test\/reset-password\/[A-Za-z0-9_-]{43}/)?.[0];
    expect(url).toBeTruthy();
    expect((await resetPasswordAction({ token: tokenOf(url!), password: NEW_PASSWORD })).data).toEqual({ email: user.email });
    await expect(verifyCredentials({ input: { email: user.email, password: NEW_PASSWORD } })).resolves.toMatchObject({ id: user.id });
  });

  it("mails at most 3 links an hour to one person", async () => {
    const user = await createUser();
    for (let i = 0; i < 5; i++) await requestPasswordResetAction({ email: user.email });
    expect(mailsTo(user.email)).toHaveLength(3);
  });
});

describe("profile and change password", () => {
  it("shows the profile and changes the name; an empty name is a 400", async () => {
    const user = await createUser({ name: "Old Name" });
    const sid = await signIn(user.id);
    expect((await callRoute(profileRoute.GET, { as: { userId: user.id, sessionId: sid } })).body.data).toEqual({
      id: user.id, email: user.email, name: "Old Name", has_password: true, is_sso: false,
    });
    const renamed = await callRoute(profileRoute.PATCH, { method: "PATCH", as: { userId: user.id, sessionId: sid }, body: { name: "  New Name " } });
    expect(renamed.body.data.name).toBe("New Name");
    expect((await callRoute(profileRoute.PATCH, { method: "PATCH", as: { userId: user.id, sessionId: sid }, body: { name: "" } })).status).toBe(400);
    expect((await callRoute(profileRoute.PATCH, { method: "PATCH", as: { userId: user.id, sessionId: sid }, body: { email: "x@y.test", name: "N" } })).body.data.email).toBe(user.email);
  });

  it("changing the password needs the current one and ends the other sessions, not this one", async () => {
    const user = await createUser();
    const [here, elsewhere] = [await signIn(user.id), await signIn(user.id)];
    const change = (body: unknown) => callRoute(passwordRoute.POST, { method: "POST", as: { userId: user.id, sessionId: here }, body });
    const wrong = await change({ current_password: "not it", new_password: NEW_PASSWORD });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.metadata).toMatchObject({ reason: "bad_request", field: "current_password" });
    expect((await change({ new_password: NEW_PASSWORD })).status).toBe(400);
    expect((await change({ current_password: DEFAULT_PASSWORD, new_password: "short" })).status).toBe(400);
    expect(await stillSignedIn(user.id, elsewhere)).toBe(true);

    const ok = await change({ current_password: DEFAULT_PASSWORD, new_password: NEW_PASSWORD });
    expect(ok).toMatchObject({ status: 200, body: { data: { revoked_sessions: 1 } } });
    expect(await stillSignedIn(user.id, here)).toBe(true);
    expect(await stillSignedIn(user.id, elsewhere)).toBe(false);
    await expect(verifyCredentials({ input: { email: user.email, password: NEW_PASSWORD } })).resolves.toMatchObject({ id: user.id });
  });
});
