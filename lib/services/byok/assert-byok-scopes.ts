import type { Tx } from "../../db";
import { badRequest } from "../../api/errors";
import type { Ctx } from "../context";

/**
 * allowed_api_key_hashes and allowed_user_ids may name only this account's API keys and members:
 * a restriction to something that can never call through this account is a mistake (400), and
 * another account's key or user must not be probed through it (the message never says whose).
 */
export async function assertByokScopes(
  tx: Tx,
  ctx: Ctx,
  input: { allowed_api_key_hashes?: string[] | null; allowed_user_ids?: string[] | null },
): Promise<void> {
  const hashes = input.allowed_api_key_hashes;
  if (hashes?.length) {
    const found = await tx.apiKey.findMany({ where: { accountId: ctx.account.id, hash: { in: hashes } }, select: { hash: true } });
    const known = new Set(found.map((k) => k.hash));
    const unknown = hashes.filter((h) => !known.has(h));
    if (unknown.length) {
      throw badRequest(`allowed_api_key_hashes names ${unknown.length === 1 ? "a key" : `${unknown.length} keys`} that this account does not have.`, {
        field: "allowed_api_key_hashes",
        unknown,
      });
    }
  }
  const userIds = input.allowed_user_ids;
  if (userIds?.length) {
    const found = await tx.membership.findMany({ where: { accountId: ctx.account.id, userId: { in: userIds } }, select: { userId: true } });
    const known = new Set(found.map((m) => m.userId));
    const unknown = userIds.filter((u) => !known.has(u));
    if (unknown.length) {
      throw badRequest(`allowed_user_ids names ${unknown.length === 1 ? "a user who is not a member" : `${unknown.length} users who are not members`} of this account.`, {
        field: "allowed_user_ids",
        unknown,
      });
    }
  }
}
