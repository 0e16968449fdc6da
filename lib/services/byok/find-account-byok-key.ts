import type { Tx } from "../../db";
import { notFound } from "../../api/errors";
import type { Ctx } from "../context";

export const BYOK_NOT_FOUND = "Provider key not found.";

/** A provider key of the caller's account, or 404 (another account's key does not exist). */
export async function findAccountByokKey(tx: Tx, ctx: Ctx, id: string) {
  const key = await tx.byokKey.findFirst({ where: { id, accountId: ctx.account.id } });
  if (!key) throw notFound(BYOK_NOT_FOUND);
  return key;
}

/** The provider's keys in try order (ties, which only concurrent writers could make, by age). */
export function providerKeys(tx: Tx, accountId: string, provider: string) {
  return tx.byokKey.findMany({
    where: { accountId, provider },
    orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, sortOrder: true },
  });
}

/** Numbers the provider's keys 0..n-1 in the given order, writing only the rows that move. */
export async function renumberProviderKeys(tx: Tx, accountId: string, ordered: { id: string; sortOrder: number }[]) {
  for (const [index, key] of ordered.entries()) {
    if (key.sortOrder !== index) await tx.byokKey.update({ where: { id: key.id, accountId }, data: { sortOrder: index } });
  }
}
