// Who may create a password account. The first user always may (they become the instance admin);
// then the operator's `sign_up` setting decides: open, invite-only (the default, or TOLLGATE_SIGN_UP
// until the operator chooses), or addresses at allowed domains. A pending invitation link lets its
// invited email sign up whatever the setting. SSO users are not subject to it: the identity provider
// is the operator's own and decides who may sign in.
import { db, type Tx } from "../../db";
import { env } from "../../env";
import { forbidden } from "../../api/errors";
import { getInstanceSetting } from "../../instance-settings";
import type { SignUpPolicy } from "../../validations/instance";
import { hashInvitationToken, invitationStatus } from "../invitations/invitation-token";

export const INVITE_ONLY_MESSAGE = "This instance is invite-only: ask an Admin for an invitation.";

export type SignUpPolicyView = SignUpPolicy & { isDefault: boolean };

export async function getSignUpPolicy(client?: Pick<Tx, "instanceSetting">): Promise<SignUpPolicyView> {
  const stored = await getInstanceSetting("sign_up", client);
  if (stored) return { ...stored, isDefault: false };
  return { mode: env().TOLLGATE_SIGN_UP ?? "invite_only", domains: [], isDefault: true };
}

/** Whether `token` is a pending invitation for `email` (the invite page's link). */
async function hasInvitation(email: string, token: string | undefined): Promise<boolean> {
  if (!token) return false;
  const invitation = await (await db()).invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) } });
  return Boolean(invitation && invitation.email === email && invitationStatus(invitation) === "pending");
}

/** What the sign-up page shows before the form: the refusal, if any, for someone without an invitation. */
export function signUpRefusal(policy: SignUpPolicy): string | null {
  if (policy.mode === "open") return null;
  if (policy.mode === "invite_only") return INVITE_ONLY_MESSAGE;
  return `Sign-up on this instance is for addresses at ${policy.domains.join(", ")}; for any other, ask an Admin for an invitation.`;
}

/** Refuses (403) a sign-up the policy does not allow. */
export async function assertSignUpAllowed({ email, invitationToken }: { email: string; invitationToken?: string }): Promise<void> {
  const c = await db();
  if ((await c.user.count()) === 0) return;
  const policy = await getSignUpPolicy(c);
  if (policy.mode === "open") return;
  if (policy.mode === "domains" && policy.domains.includes(email.slice(email.lastIndexOf("@") + 1))) return;
  if (await hasInvitation(email, invitationToken)) return;
  throw forbidden(signUpRefusal(policy)!);
}
