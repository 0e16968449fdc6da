import { db } from "../../db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { createPersonalAccount } from "./sign-up-user";

/**
 * The local user for an OIDC identity: found by subject, else linked by verified email,
 * else created with a personal account.
 */
export async function upsertSsoUser({ subject, email, name }: { subject: string; email: string; name: string | null }) {
  const client = await db();
  const normalized = email.trim().toLowerCase();
  const bySubject = await client.user.findUnique({ where: { oidcSubject: subject } });
  if (bySubject) return client.user.update({ where: { id: bySubject.id }, data: { lastActiveAt: new Date() } });
  const byEmail = await client.user.findUnique({ where: { email: normalized } });
  if (byEmail) {
    return client.user.update({ where: { id: byEmail.id }, data: { oidcSubject: subject, lastActiveAt: new Date() } });
  }
  return client.$transaction(async (tx) => {
    const user = await tx.user.create({ data: { email: normalized, name, oidcSubject: subject, lastActiveAt: new Date() } });
    const account = await createPersonalAccount(tx, user);
    await recordAuditEvent(tx, { accountId: account.id, actorUserId: user.id, action: "user.sign_up", targetType: "user", targetId: user.id, metadata: { via: "oidc" } });
    return user;
  });
}
