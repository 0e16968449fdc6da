import { db } from "../../db";
import type { Role } from "../../generated/prisma/enums";
import { accountSegment, type AccountRef, type UserCtx } from "../context";

export type UserAccount = AccountRef & { role: Role; segment: string };

/** The accounts a user can switch to: their personal account first, then organizations by name. */
export async function listUserAccounts({ ctx }: { ctx: UserCtx }): Promise<UserAccount[]> {
  const client = await db();
  const memberships = await client.membership.findMany({
    where: { userId: ctx.userId },
    select: { role: true, account: { select: { id: true, type: true, name: true, slug: true } } },
  });
  return memberships
    .map(({ role, account }) => ({ ...account, role, segment: accountSegment(account) }))
    .sort((a, b) => (a.type === b.type ? a.name.localeCompare(b.name) : a.type === "PERSONAL" ? -1 : 1));
}
