import { assertCan, type Ctx } from "../context";
import { findApiKey } from "./get-api-key";
import { mutation } from "../mutation";

/** Deletes a key: it stops working at once, in this process and (through the change feed) in the others. */
export async function deleteApiKey({ ctx, hash }: { ctx: Ctx; hash: string }) {
  assertCan(ctx, "keys.write");
  await mutation({ ctx }, async ({ tx, audit, emit }) => {
    const key = await findApiKey(tx, ctx, hash);
    await tx.apiKey.delete({ where: { id: key.id } });
    emit({ kind: "api_key", accountId: ctx.account.id, id: key.id, hash });
    await audit({
      action: "key.delete",
      targetType: "api_key",
      targetId: key.id,
      metadata: { name: key.name, label: key.label },
    });
  });
  return { deleted: true as const };
}
