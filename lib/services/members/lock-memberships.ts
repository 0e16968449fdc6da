import type { Tx } from "../../db";
import { conflict, notFound } from "../../api/errors";
import type { Role } from "../../generated/prisma/enums";

/**
 * Locks the account row for the rest of the transaction, so membership changes of one account run
 * one at a time: two Admins demoting each other at once cannot leave the organization without one.
 */
export async function lockAccount(tx: Tx, accountId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM accounts WHERE id = ${accountId} FOR UPDATE`;
}

export async function findMembership(tx: Tx, accountId: string, userId: string) {
  const membership = await tx.membership.findUnique({
    where: { accountId_userId: { accountId, userId } },
    include: { user: { select: { email: true, name: true } } },
  });
  if (!membership) throw notFound("Member not found.");
  return membership;
}

/** Refuses a change that would leave the organization without an Admin. */
export async function assertNotLastAdmin(tx: Tx, accountId: string, membership: { role: Role }, verb: string): Promise<void> {
  if (membership.role !== "ADMIN") return;
  const admins = await tx.membership.count({ where: { accountId, role: "ADMIN" } });
  if (admins <= 1) throw conflict(`The last Admin cannot ${verb}. Make someone else an Admin first.`, { reason_detail: "last_admin" });
}
