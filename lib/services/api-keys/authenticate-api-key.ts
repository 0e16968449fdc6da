import { db } from "../../db";
import { unauthorized } from "../../api/errors";
import { hashApiKey } from "../../auth/api-keys";
import type { Ctx } from "../context";
import { getCachedKey, setCachedKey, type CachedKey } from "./key-cache";
import { recordKeyUse } from "./key-activity";

async function lookup(hash: string): Promise<CachedKey | null> {
  const cached = getCachedKey(hash);
  if (cached !== undefined) return cached;
  const client = await db();
  const found = await client.apiKey.findUnique({
    where: { hash },
    select: {
      id: true,
      hash: true,
      kind: true,
      disabled: true,
      expiresAt: true,
      creatorUserId: true,
      limitMicros: true,
      limitReset: true,
      includeByokInLimit: true,
      spendLineId: true,
      account: { select: { id: true, type: true, name: true, slug: true } },
    },
  });
  const membership = found?.creatorUserId
    ? await client.membership.findUnique({ where: { accountId_userId: { accountId: found.account.id, userId: found.creatorUserId } }, select: { role: true } })
    : null;
  const row = found ? { ...found, creatorRole: membership?.role ?? null } : null;
  setCachedKey(hash, row);
  return row;
}

/** Turns a bearer key into a context. Unknown, disabled or expired keys are 401. */
export type KeyCtx = Ctx & { keyKind: "INFERENCE" | "MANAGEMENT"; keyHash: string; key: CachedKey };

export async function authenticateApiKey({ key, now = new Date() }: { key: string; now?: Date }): Promise<KeyCtx> {
  const row = await lookup(hashApiKey(key));
  if (!row) throw unauthorized("Invalid API key.");
  if (row.disabled) throw unauthorized("This API key is disabled.");
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) throw unauthorized("This API key has expired.");
  // A key acts for its creator: once they left the account (or were removed) it stops.
  if (row.creatorUserId && !row.creatorRole) throw unauthorized("This API key's creator is no longer a member of this account.");
  recordKeyUse(row.id, now);
  return {
    caller: { kind: "apiKey", keyId: row.id, keyKind: row.kind, creatorUserId: row.creatorUserId, creatorRole: row.creatorRole },
    account: row.account,
    // A management key acts with its creator's current role (a key without a creator, whose user
    // was deleted, administers as before); an inference key acts like a member.
    role: row.kind === "MANAGEMENT" ? (row.creatorRole ?? "ADMIN") : "MEMBER",
    actorUserId: row.creatorUserId,
    keyKind: row.kind,
    keyHash: row.hash,
    key: row,
  };
}
