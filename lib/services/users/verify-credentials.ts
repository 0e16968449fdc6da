// Email + password sign-in with a throttle on failed attempts, shared by every app instance
// (attempts live in the database): after SIGN_IN_MAX_FAILURES failures within the lockout window,
// further attempts for that email are refused until the window has passed.
import { db } from "../../db";
import { env } from "../../env";
import { rateLimited, unauthorized } from "../../api/errors";
import { dummyPasswordHash, verifyPassword } from "../../auth/password";
import { signInSchema, type SignInInput } from "../../validations/auth";

export const INVALID_CREDENTIALS = "Incorrect email or password.";

export async function verifyCredentials({ input, ip }: { input: SignInInput; ip?: string | null }) {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw unauthorized(INVALID_CREDENTIALS);
  const { email, password } = parsed.data;
  const client = await db();
  const { SIGN_IN_MAX_FAILURES, SIGN_IN_LOCKOUT_MINUTES } = env();
  const windowStart = new Date(Date.now() - SIGN_IN_LOCKOUT_MINUTES * 60_000);

  const lastSuccess = await client.signInAttempt.findFirst({
    where: { email, succeeded: true, createdAt: { gte: windowStart } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const failures = await client.signInAttempt.findMany({
    where: { email, succeeded: false, createdAt: { gte: lastSuccess?.createdAt ?? windowStart } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
    take: SIGN_IN_MAX_FAILURES,
  });
  if (failures.length >= SIGN_IN_MAX_FAILURES) {
    const unlockAt = failures[failures.length - 1].createdAt.getTime() + SIGN_IN_LOCKOUT_MINUTES * 60_000;
    const seconds = Math.max(1, Math.ceil((unlockAt - Date.now()) / 1000));
    throw rateLimited(
      `Too many failed sign-in attempts. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? "s" : ""}.`,
      seconds,
    );
  }

  const user = await client.user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  const succeeded = Boolean(user?.passwordHash) && ok;
  await client.signInAttempt.create({ data: { email, ip: ip ?? null, succeeded } });
  if (!succeeded || !user) throw unauthorized(INVALID_CREDENTIALS);
  await client.user.update({ where: { id: user.id }, data: { lastActiveAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name };
}
