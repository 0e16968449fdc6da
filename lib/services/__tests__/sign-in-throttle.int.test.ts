// The sign-in throttle: exponential delays per email + address and per address, never a hard lock
// of the account, so an attacker cannot lock the owner out from elsewhere.
import { describe, expect, it } from "vitest";
import { db } from "../../db";
import { expectAppError } from "../../testing/expect-app-error";
import { createUser, DEFAULT_PASSWORD } from "../../../prisma/factories";
import { INVALID_CREDENTIALS, verifyCredentials } from "../users/verify-credentials";
import { signInDelayCapSeconds } from "../users/sign-in-throttle";

const attempt = (email: string, password: string, ip: string | null) => verifyCredentials({ input: { email, password }, ip });
let n = 0;
const address = () => `203.0.113.${++n}`;

async function failures(email: string, ip: string | null, count: number, at = new Date()) {
  await (await db()).signInAttempt.createMany({ data: Array.from({ length: count }, () => ({ email, ip, succeeded: false, createdAt: at })) });
}

describe("sign-in throttle", () => {
  it("after 5 failures from one address, each further attempt for that email waits 2^n seconds (no password is checked meanwhile)", async () => {
    const user = await createUser();
    const ip = address();
    for (let i = 0; i < 5; i++) expect((await expectAppError(attempt(user.email, `wrong-${i}`, ip))).status).toBe(401);
    const slowed = await expectAppError(attempt(user.email, DEFAULT_PASSWORD, ip));
    expect(slowed.status).toBe(429);
    expect(slowed.reason).toBe("rate_limited");
    expect(slowed.message).toMatch(/^Too many failed sign-in attempts\. Try again in \d+ seconds?\.$/);
    expect(Number(slowed.headers["Retry-After"])).toBe(1);
    // Refused attempts are not recorded: they neither escalate nor count as failures.
    expect(await (await db()).signInAttempt.count({ where: { email: user.email } })).toBe(5);

    // Two more failures (made a while ago, past their delays): now 2^2 = 4 s after the last one.
    await failures(user.email, ip, 2, new Date(Date.now() - 500));
    const longer = await expectAppError(attempt(user.email, DEFAULT_PASSWORD, ip));
    expect(Number(longer.headers["Retry-After"])).toBeGreaterThanOrEqual(3);
    expect(Number(longer.headers["Retry-After"])).toBeLessThanOrEqual(4);
  });

  it("lets the attempt through once the delay has passed, and a success resets the count", async () => {
    const user = await createUser();
    const ip = address();
    await failures(user.email, ip, 6, new Date(Date.now() - 3_000)); // 2^1 = 2 s, passed
    await expect(attempt(user.email, DEFAULT_PASSWORD, ip)).resolves.toMatchObject({ id: user.id });
    // After the success, one wrong password is an ordinary 401 again.
    expect((await expectAppError(attempt(user.email, "wrong", ip))).status).toBe(401);
  });

  it("caps the delay, and forgets failures after the window", async () => {
    const user = await createUser();
    const ip = address();
    await failures(user.email, ip, 40);
    const capped = await expectAppError(attempt(user.email, DEFAULT_PASSWORD, ip));
    expect(Number(capped.headers["Retry-After"])).toBe(signInDelayCapSeconds());
    expect(capped.message).toBe("Too many failed sign-in attempts. Try again in 15 minutes.");

    const other = await createUser();
    const old = address();
    await failures(other.email, old, 40, new Date(Date.now() - 16 * 60_000));
    await expect(attempt(other.email, DEFAULT_PASSWORD, old)).resolves.toMatchObject({ id: other.id });
  });

  it("the Admin still signs in from another address while their email is attacked", async () => {
    const admin = await createUser();
    const attacker = address();
    for (let i = 0; i < 5; i++) await expectAppError(attempt(admin.email, `guess-${i}`, attacker));
    await failures(admin.email, attacker, 30); // and many more, long into the capped delay
    expect((await expectAppError(attempt(admin.email, `guess-x`, attacker))).status).toBe(429);

    await expect(attempt(admin.email, DEFAULT_PASSWORD, address())).resolves.toMatchObject({ id: admin.id });
    // A wrong password from the Admin's own address is a plain 401, not a delay.
    const office = address();
    expect((await expectAppError(attempt(admin.email, "typo", office))).message).toBe(INVALID_CREDENTIALS);
    await expect(attempt(admin.email, DEFAULT_PASSWORD, office)).resolves.toMatchObject({ id: admin.id });
  });

  it("slows a password spray: one address trying one password on many emails", async () => {
    const victims = await Promise.all(Array.from({ length: 3 }, () => createUser()));
    const sprayer = address();
    for (let i = 0; i < 20; i++) {
      expect((await expectAppError(attempt(`nobody-${i}-${n}@example.test`, "Summer2026!", sprayer))).status).toBe(401);
    }
    // Every further email from that address waits now, known accounts and unknown alike.
    for (const victim of victims) {
      const slowed = await expectAppError(attempt(victim.email, DEFAULT_PASSWORD, sprayer));
      expect(slowed.status).toBe(429);
    }
    expect((await expectAppError(attempt(`nobody-else-${n}@example.test`, "Summer2026!", sprayer))).status).toBe(429);
    // The same people sign in from their own addresses.
    for (const victim of victims) await expect(attempt(victim.email, DEFAULT_PASSWORD, address())).resolves.toMatchObject({ id: victim.id });
  });

  it("slows a guess spread over many addresses at the addresses that failed, never at a fresh one", async () => {
    const user = await createUser();
    const guessers = Array.from({ length: 20 }, () => address());
    for (const ip of guessers) expect((await expectAppError(attempt(user.email, "Winter2026!", ip))).status).toBe(401);
    // Each guessing address has failed once for this email, the email 20 times: their next try waits.
    for (const ip of guessers.slice(0, 3)) expect((await expectAppError(attempt(user.email, "Spring2026!", ip))).status).toBe(429);
    // The owner, from an address that has not failed, signs in.
    await expect(attempt(user.email, DEFAULT_PASSWORD, address())).resolves.toMatchObject({ id: user.id });
  });
});
