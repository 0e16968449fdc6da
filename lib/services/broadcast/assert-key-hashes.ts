import type { Tx } from "../../db";
import { badRequest } from "../../api/errors";

/** A key filter may name only this account's keys (by hash, as the contract does). */
export async function assertKeyHashesOfAccount(tx: Tx, accountId: string, hashes: string[]) {
  if (hashes.length === 0) return;
  const found = await tx.apiKey.count({ where: { accountId, hash: { in: hashes } } });
  if (found !== hashes.length) throw badRequest("api_key_hashes names a key this account does not have.", { field: "api_key_hashes" });
}
