import { db } from "../../db";
import { assertCan, type Ctx } from "../context";

/** Invitations not yet accepted or revoked (pending and expired), newest first. */
export async function listInvitations({ ctx }: { ctx: Ctx }) {
  assertCan(ctx, "members.write");
  return (await db()).invitation.findMany({
    where: { accountId: ctx.account.id, acceptedAt: null, revokedAt: null },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { invitedBy: { select: { id: true, name: true, email: true } } },
  });
}
