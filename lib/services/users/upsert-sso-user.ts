// Just-in-time provisioning for single sign-on: the local user for an OpenID Connect identity.
// Found by subject; else an existing user with the same email is linked (only when the provider
// has verified that email: linking hands over an existing account); else a new user is created
// with a personal account. Refusals carry `signInError`, the code the sign-in page explains.
import { db } from "../../db";
import { AppError, badRequest, conflict } from "../../api/errors";
import { ssoIdentitySchema, type SsoIdentityInput } from "../../validations/auth";
import { recordAuditEvent } from "../audit/record-audit-event";
import { createUserWithPersonalAccount } from "./sign-up-user";

export const SSO_SIGN_IN_ERRORS = {
  noEmail: "SsoNoEmail",
  emailNotVerified: "SsoEmailNotVerified",
  linkedToAnotherIdentity: "SsoAccountConflict",
  invalidProfile: "SsoInvalidProfile",
} as const;

export async function upsertSsoUser({ input }: { input: SsoIdentityInput }) {
  const parsed = ssoIdentitySchema.safeParse(input);
  if (!parsed.success) {
    const emailIssue = parsed.error.issues.some((i) => i.path[0] === "email");
    throw badRequest(
      emailIssue ? "The identity provider did not share a valid email address." : "The identity provider sent an invalid profile.",
      { signInError: emailIssue ? SSO_SIGN_IN_ERRORS.noEmail : SSO_SIGN_IN_ERRORS.invalidProfile },
    );
  }
  const { subject, email, emailVerified, name } = parsed.data;
  if (!email) {
    throw badRequest("The identity provider did not share an email address.", { signInError: SSO_SIGN_IN_ERRORS.noEmail });
  }
  const client = await db();
  const now = new Date();

  const bySubject = await client.user.findUnique({ where: { oidcSubject: subject } });
  if (bySubject) {
    return client.user.update({
      where: { id: bySubject.id },
      data: { lastActiveAt: now, ...(bySubject.name === null && name ? { name } : {}) },
    });
  }

  const byEmail = await client.user.findUnique({ where: { email } });
  if (byEmail) {
    if (byEmail.oidcSubject !== null) {
      throw conflict("This email address is already linked to another single sign-on identity.", {
        signInError: SSO_SIGN_IN_ERRORS.linkedToAnotherIdentity,
      });
    }
    if (!emailVerified) {
      throw new AppError("forbidden", "The identity provider has not verified this email address, so it cannot be linked to the existing user.", {
        signInError: SSO_SIGN_IN_ERRORS.emailNotVerified,
      });
    }
    return client.$transaction(async (tx) => {
      // Only if still unlinked: two concurrent first sign-ins must not overwrite each other.
      const linked = await tx.user.updateMany({
        where: { id: byEmail.id, oidcSubject: null },
        data: { oidcSubject: subject, lastActiveAt: now, ...(byEmail.name === null && name ? { name } : {}) },
      });
      if (linked.count !== 1) {
        throw conflict("This email address is already linked to another single sign-on identity.", {
          signInError: SSO_SIGN_IN_ERRORS.linkedToAnotherIdentity,
        });
      }
      const personal = await tx.account.findUniqueOrThrow({ where: { personalOwnerId: byEmail.id }, select: { id: true } });
      await recordAuditEvent(tx, {
        accountId: personal.id,
        actorUserId: byEmail.id,
        action: "user.sso_link",
        targetType: "user",
        targetId: byEmail.id,
        metadata: { via: "oidc" },
      });
      return tx.user.findUniqueOrThrow({ where: { id: byEmail.id } });
    });
  }

  try {
    return await createSsoUser({ subject, email, name, now });
  } catch (error) {
    // A concurrent first sign-in of the same identity (two tabs, a double click) created it first.
    const winner = isUniqueViolation(error) ? await client.user.findUnique({ where: { oidcSubject: subject } }) : null;
    if (winner) return winner;
    throw error;
  }
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

async function createSsoUser({ subject, email, name, now }: { subject: string; email: string; name: string | null; now: Date }) {
  return (await db()).$transaction((tx) => createUserWithPersonalAccount(tx, { email, name, oidcSubject: subject, lastActiveAt: now }, { via: "oidc" }));
}
