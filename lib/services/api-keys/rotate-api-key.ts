import { conflict } from "../../api/errors";
import { generateApiKey } from "../../auth/api-keys";
import { rotateKeySchema, type RotateKeyInput } from "../../validations/keys";
import { assertCan, type Ctx } from "../context";
import { findApiKey } from "./get-api-key";
import { KEY_INCLUDE } from "./key-access";
import { mutation } from "../mutation";
import { getKeyUsage } from "./key-usage";

/**
 * Zero-downtime rotation: a successor that inherits everything that restricts or meters the key
 * (name, kind, creator, limit and its reset, expiry, its guardrail assignment, and its spend line:
 * the spend already used in the current window keeps counting), while the predecessor keeps
 * working for the overlap (0 = stops now; null = until revoked by hand). Both keys work during the
 * overlap and spend on the same line; the predecessor's expiry is what ends it.
 */
export async function rotateApiKey({ ctx, hash, input, now = new Date() }: { ctx: Ctx; hash: string; input: RotateKeyInput; now?: Date }) {
  assertCan(ctx, "keys.write");
  const { revoke_previous_after_seconds: overlap } = rotateKeySchema.parse(input);
  const secret = generateApiKey();
  const result = await mutation({ ctx }, async ({ tx, audit, emit }) => {
    const previous = await findApiKey(tx, ctx, hash);
    emit({ kind: "api_key", accountId: ctx.account.id, id: previous.id, hash });
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
        spendLineId: previous.spendLineId ?? previous.id,
      },
      include: KEY_INCLUDE,
    });
    const assignment = await tx.guardrailKeyAssignment.findUnique({ where: { apiKeyId: previous.id } });
    if (assignment) await tx.guardrailKeyAssignment.create({ data: { guardrailId: assignment.guardrailId, apiKeyId: successor.id, assignedById: assignment.assignedById } });
    let updatedPrevious = previous;
    if (overlap !== null) {
      const revokeAt = new Date(now.getTime() + overlap * 1000);
      const expiresAt = previous.expiresAt && previous.expiresAt < revokeAt ? previous.expiresAt : revokeAt;
      updatedPrevious = await tx.apiKey.update({ where: { id: previous.id }, data: { expiresAt }, include: KEY_INCLUDE });
    } else {
      updatedPrevious = await tx.apiKey.findUniqueOrThrow({ where: { id: previous.id }, include: KEY_INCLUDE });
    }
    await audit({
      action: "key.rotate",
      targetType: "api_key",
      targetId: previous.id,
      metadata: { from: previous.label, to: successor.label, revoke_previous_after_seconds: overlap, guardrail_id: assignment?.guardrailId ?? null },
    });
    return { successor, previous: updatedPrevious };
  });
  const usage = await getKeyUsage([result.successor.id, result.previous.id]);
  return {
    successor: { key: result.successor, usage: usage.get(result.successor.id)! },
    previous: { key: result.previous, usage: usage.get(result.previous.id)! },
    secret: secret.key,
  };
}
