import { db, type Tx } from "../../db";
import { conflict } from "../../api/errors";
import { hashPassword } from "../../auth/password";
import { signUpSchema, type SignUpInput } from "../../validations/auth";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertSignUpAllowed } from "../instance/sign-up-policy";

/** Creates a user with a personal account (which the user administers), if the sign-up policy allows it. */
export async function signUpUser({ input }: { input: SignUpInput }) {
  const data = signUpSchema.parse(input);
  const client = await db();
  if (await client.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
    throw conflict("An account with this email already exists. Sign in instead.", { field: "email" });
  }
  await assertSignUpAllowed({ email: data.email, invitationToken: data.invitationToken });
  const passwordHash = await hashPassword(data.password);
  return client.$transaction((tx) => createUserWithPersonalAccount(tx, { email: data.email, name: data.name, passwordHash }, { via: "password" }));
}

/**
 * A new user, their personal account (which they administer) and the sign-up audit event, in the
 * caller's transaction. The first user of an instance administers what the instance shares (the
 * provider catalog).
 */
export async function createUserWithPersonalAccount(
  tx: Tx,
  data: { email: string; name: string | null; passwordHash?: string; oidcSubject?: string; lastActiveAt?: Date },
  metadata: { via: "password" | "oidc" },
) {
  const isInstanceAdmin = (await tx.user.count()) === 0;
  const user = await tx.user.create({ data: { ...data, isInstanceAdmin } });
  const account = await createPersonalAccount(tx, user);
  await recordAuditEvent(tx, { accountId: account.id, actorUserId: user.id, action: "user.sign_up", targetType: "user", targetId: user.id, metadata });
  return user;
}

export async function createPersonalAccount(
  tx: Tx,
  user: { id: string; name: string | null; email: string },
) {
  return tx.account.create({
    data: {
      type: "PERSONAL",
      name: user.name ?? user.email,
      personalOwnerId: user.id,
      memberships: { create: { userId: user.id, role: "ADMIN" } },
    },
  });
}
