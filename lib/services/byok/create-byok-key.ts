import { badRequest } from "../../api/errors";
import { Prisma } from "../../generated/prisma/client";
import { createByokKeySchema, type CreateByokKeyInput } from "../../validations/byok";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { lockAccount } from "../members/lock-memberships";
import { assertByokScopes } from "./assert-byok-scopes";
import { sealByokSecret } from "./byok-secret";
import { mutation } from "../mutation";

/** Adds a provider key; it is tried after the provider's existing keys. The secret is stored encrypted only. */
export async function createByokKey({ ctx, input }: { ctx: Ctx; input: CreateByokKeyInput }) {
  assertCan(ctx, "providers.write");
  const parsed = createByokKeySchema.parse(input);
  if (parsed.workspace_id !== undefined && parsed.workspace_id !== ctx.account.id) {
    throw badRequest("workspace_id must be this account's id (or left out): a key belongs to the account that adds it.", { field: "workspace_id" });
  }
  const accountId = ctx.account.id;
  const result = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "byok", accountId: ctx.account.id });
    // One writer per account at a time, so two keys added at once never share a sort_order.
    await lockAccount(tx, accountId);
    await assertByokScopes(tx, ctx, parsed);
    const last = await tx.byokKey.aggregate({ where: { accountId, provider: parsed.provider }, _max: { sortOrder: true } });
    const key = await tx.byokKey.create({
      data: {
        accountId,
        creatorUserId: ctx.actorUserId,
        provider: parsed.provider,
        name: parsed.name ?? null,
        ...sealByokSecret(accountId, parsed.provider, parsed.key),
        disabled: parsed.disabled ?? false,
        isFallback: parsed.is_fallback ?? false,
        isRequired: parsed.is_required ?? false,
        isByokOnly: parsed.is_byok_only ?? false,
        sortOrder: (last._max.sortOrder ?? -1) + 1,
        allowedModels: parsed.allowed_models ?? Prisma.DbNull,
        allowedApiKeyHashes: parsed.allowed_api_key_hashes ?? Prisma.DbNull,
        allowedUserIds: parsed.allowed_user_ids ?? Prisma.DbNull,
        declaredZdr: parsed.declared_zdr ?? null,
      },
    });
    await recordAuditEvent(tx, {
      accountId,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "byok_key.create",
      targetType: "byok_key",
      targetId: key.id,
      metadata: { provider: key.provider, name: key.name, label: key.label, is_fallback: key.isFallback, is_byok_only: key.isByokOnly },
    });
    return key;
  });
  return result;
}
