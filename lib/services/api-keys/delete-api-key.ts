import { db } from "../../db";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { findApiKey } from "./get-api-key";
import { invalidateCachedKey } from "./key-cache";

/** Deletes a key: it stops working at once in this process, within seconds elsewhere. */
export async function deleteApiKey({ ctx, hash }: { ctx: Ctx; hash: string }) {
  assertCan(ctx, "keys.write");
  await (await db()).$transaction(async (tx) => {
    const key = await findApiKey(tx, ctx, hash);
    await tx.apiKey.delete({ where: { id: key.id } });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "key.delete",
      targetType: "api_key",
      targetId: key.id,
      metadata: { name: key.name, label: key.label },
    });
  });
  invalidateCachedKey(hash);
  return { deleted: true as const };
}
