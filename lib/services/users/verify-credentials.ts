// Email + password sign-in, behind the throttle on failed attempts (sign-in-throttle.ts): delays per
// email + address and per address, never a hard lock of the account.
import { db } from "../../db";
import { unauthorized } from "../../api/errors";
import { dummyPasswordHash, verifyPassword } from "../../auth/password";
import { signInSchema, type SignInInput } from "../../validations/auth";
import { assertSignInAllowed } from "./sign-in-throttle";

export const INVALID_CREDENTIALS = "Incorrect email or password.";

export async function verifyCredentials({ input, ip }: { input: SignInInput; ip?: string | null }) {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) throw unauthorized(INVALID_CREDENTIALS);
  const { email, password } = parsed.data;
  const address = ip ?? null;
  await assertSignInAllowed({ email, ip: address });
  const client = await db();

  const user = await client.user.findUnique({ where: { email }, omit: { passwordHash: false } });
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  const succeeded = Boolean(user?.passwordHash) && ok;
  await client.signInAttempt.create({ data: { email, ip: address, succeeded } });
  if (!succeeded || !user) throw unauthorized(INVALID_CREDENTIALS);
  await client.user.update({ where: { id: user.id }, data: { lastActiveAt: new Date() } });
  return { id: user.id, email: user.email, name: user.name };
}
