import type { Tx } from "../../db";
import { notFound } from "../../api/errors";
import type { Ctx } from "../context";

export const DESTINATION_NOT_FOUND = "Destination not found.";

/** The account's destination, with its sealed secrets (for merging or sending); 404 for any other account's. */
export async function findAccountDestination(tx: Tx, ctx: Ctx, id: string) {
  const destination = await tx.broadcastDestination.findFirst({ where: { id, accountId: ctx.account.id }, omit: { secretsCiphertext: false } });
  if (!destination) throw notFound(DESTINATION_NOT_FOUND);
  return destination;
}
