import { db, type Tx } from "../../db";
import { conflict } from "../../api/errors";
import { hashPassword } from "../../auth/password";
import { signUpSchema, type SignUpInput } from "../../validations/auth";
import { getInstanceSetting } from "../../instance-settings";
import { usdToMicros } from "../../money";
import { recordAuditEvent } from "../audit/record-audit-event";
import { postCreditEntry } from "../credits/post-credit-entry";
import { assertSignUpAllowed } from "../instance/sign-up-policy";

/**
 * Creates a user with a personal account (which the user administers), if the sign-up policy allows
 * it. A taken email is a 409 here; the sign-up form's action answers it like a success (it must not
 * tell who is registered), so the password is hashed first: both answers take the same time. The
 * policy is checked before the email, so a refused sign-up says the same for a taken one.
 */
export async function signUpUser({ input }: { input: SignUpInput }) {
  const data = signUpSchema.parse(input);
  const client = await db();
  const passwordHash = await hashPassword(data.password);
  await assertSignUpAllowed({ email: data.email, invitationToken: data.invitationToken });
  if (await client.user.findUnique({ where: { email: data.email }, select: { id: true } })) {
    throw conflict("An account with this email already exists. Sign in instead.", { field: "email" });
  }
  return client.$transaction((tx) => createUserWithPersonalAccount(tx, { email: data.email, name: data.name, passwordHash }, { via: "password" }));
}

/**
 * A new user, their personal account (which they administer) and the sign-up audit event, in the
 * caller's transaction. The first user of an instance administers what the instance shares (the
 * provider catalog). The personal account starts with the operator's sign-up grant, if any
 * (instance setting `credits.new_personal_grant_usd`).
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
  const { new_personal_grant_usd: grant } = await getInstanceSetting("credits", tx);
  if (grant > 0) {
    await postCreditEntry(tx, { accountId: account.id, kind: "TOP_UP", amountMicros: usdToMicros(grant), note: "Sign-up grant", actorUserId: null });
  }
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
