import { db } from "../../db";
import { unauthorized } from "../../api/errors";
import { hashApiKey } from "../../auth/api-keys";
import type { Ctx } from "../context";

const LAST_USED_RESOLUTION_MS = 10_000;

/** Turns a bearer key into a context. Unknown, disabled or expired keys are 401. */
export async function authenticateApiKey({ key }: { key: string }): Promise<Ctx & { keyKind: "INFERENCE" | "MANAGEMENT" }> {
  const client = await db();
  const row = await client.apiKey.findUnique({
    where: { hash: hashApiKey(key) },
    select: {
      id: true,
      kind: true,
      disabled: true,
      expiresAt: true,
      lastUsedAt: true,
      creatorUserId: true,
      account: { select: { id: true, type: true, name: true, slug: true } },
    },
  });
  if (!row) throw unauthorized("Invalid API key.");
  if (row.disabled) throw unauthorized("This API key is disabled.");
  if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) throw unauthorized("This API key has expired.");
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    // Coarse last-used time: one write per key per 10 s at most keeps the request path light.
    await client.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  }
  return {
    caller: { kind: "apiKey", keyId: row.id, keyKind: row.kind, creatorUserId: row.creatorUserId },
    account: row.account,
    // A management key administers its account; an inference key acts like a member.
    role: row.kind === "MANAGEMENT" ? "ADMIN" : "MEMBER",
    actorUserId: row.creatorUserId,
    keyKind: row.kind,
  };
}
