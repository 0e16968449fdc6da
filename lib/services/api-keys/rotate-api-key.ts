import { db } from "../../db";
import { conflict } from "../../api/errors";
import { generateApiKey } from "../../auth/api-keys";
import { rotateKeySchema, type RotateKeyInput } from "../../validations/keys";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { findApiKey } from "./get-api-key";
import { KEY_INCLUDE } from "./key-access";
import { invalidateCachedKey } from "./key-cache";
import { getKeyUsage } from "./key-usage";

/**
 * Zero-downtime rotation: a successor that inherits the key's name, kind, creator, limits and
 * expiry, while the predecessor keeps working for the overlap (0 = stops now; null = until revoked
 * by hand). Both keys work during the overlap; the predecessor's expiry is what ends it.
 */
export async function rotateApiKey({ ctx, hash, input, now = new Date() }: { ctx: Ctx; hash: string; input: RotateKeyInput; now?: Date }) {
  assertCan(ctx, "keys.write");
  const { revoke_previous_after_seconds: overlap } = rotateKeySchema.parse(input);
  const secret = generateApiKey();
  const result = await (await db()).$transaction(async (tx) => {
    const previous = await findApiKey(tx, ctx, hash);
    if (previous.rotatedTo) throw conflict("This key was already rotated: rotate its successor instead.", { successor_hash: previous.rotatedTo.hash });
    if (previous.disabled || (previous.expiresAt && previous.expiresAt <= now)) throw conflict("This key no longer works: create a new key instead of rotating it.");
    const { externalKeyHash } = await tx.apiKey.findUniqueOrThrow({ where: { id: previous.id }, select: { externalKeyHash: true } }); // omitted by default
    const successor = await tx.apiKey.create({
      data: {
        accountId: previous.accountId,
        creatorUserId: previous.creatorUserId,
        kind: previous.kind,
        name: previous.name,
        hash: secret.hash,
        label: secret.label,
        limitMicros: previous.limitMicros,
        limitReset: previous.limitReset,
        includeByokInLimit: previous.includeByokInLimit,
        expiresAt: previous.expiresAt,
        externalUser: previous.externalUser,
        externalKeyHash,
        rotatedFromId: previous.id,
      },
      include: KEY_INCLUDE,
    });
    let updatedPrevious = previous;
    if (overlap !== null) {
      const revokeAt = new Date(now.getTime() + overlap * 1000);
      const expiresAt = previous.expiresAt && previous.expiresAt < revokeAt ? previous.expiresAt : revokeAt;
      updatedPrevious = await tx.apiKey.update({ where: { id: previous.id }, data: { expiresAt }, include: KEY_INCLUDE });
    } else {
      updatedPrevious = await tx.apiKey.findUniqueOrThrow({ where: { id: previous.id }, include: KEY_INCLUDE });
    }
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "key.rotate",
      targetType: "api_key",
      targetId: previous.id,
      metadata: { from: previous.label, to: successor.label, revoke_previous_after_seconds: overlap },
    });
    return { successor, previous: updatedPrevious };
  });
  invalidateCachedKey(hash);
  const usage = await getKeyUsage([result.successor.id, result.previous.id]);
  return {
    successor: { key: result.successor, usage: usage.get(result.successor.id)! },
    previous: { key: result.previous, usage: usage.get(result.previous.id)! },
    secret: secret.key,
  };
}
