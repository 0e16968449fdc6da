import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { lockAccount } from "../members/lock-memberships";
import { findAccountByokKey, providerKeys, renumberProviderKeys } from "./find-account-byok-key";
import { mutation } from "../mutation";

/** Deletes a provider key (its ciphertext with it); the provider's other keys close the gap. */
export async function deleteByokKey({ ctx, id }: { ctx: Ctx; id: string }) {
  assertCan(ctx, "providers.write");
  const accountId = ctx.account.id;
  const result = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "byok", accountId: ctx.account.id });
    await lockAccount(tx, accountId);
    const key = await findAccountByokKey(tx, ctx, id);
    await tx.byokKey.delete({ where: { id: key.id, accountId } });
    await renumberProviderKeys(tx, accountId, await providerKeys(tx, accountId, key.provider));
    await recordAuditEvent(tx, {
      accountId,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "byok_key.delete",
      targetType: "byok_key",
      targetId: key.id,
      metadata: { provider: key.provider, name: key.name, label: key.label },
    });
    return { deleted: true as const };
  });
  return result;
}
