import type { Tx } from "../../db";
import { notFound } from "../../api/errors";
import type { Ctx } from "../context";

/** An invitation of the caller's account, or 404 (another account's invitation does not exist). */
export async function findAccountInvitation(tx: Tx, ctx: Ctx, id: string) {
  const invitation = await tx.invitation.findFirst({ where: { id, accountId: ctx.account.id } });
  if (!invitation) throw notFound("Invitation not found.");
  return invitation;
}
