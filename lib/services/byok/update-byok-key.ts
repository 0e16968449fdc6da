import { badRequest } from "../../api/errors";
import { Prisma } from "../../generated/prisma/client";
import { BYOK_ONLY_AND_FALLBACK, updateByokKeySchema, type UpdateByokKeyInput } from "../../validations/byok";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { lockAccount } from "../members/lock-memberships";
import { assertByokScopes } from "./assert-byok-scopes";
import { sealByokSecret } from "./byok-secret";
import { findAccountByokKey, providerKeys, renumberProviderKeys } from "./find-account-byok-key";
import { mutation } from "../mutation";

const sameList = (a: unknown, b: string[] | null) => JSON.stringify(a ?? null) === JSON.stringify(b);

/**
 * Renames, re-scopes, toggles or moves a provider key; `key` replaces (rotates) its secret.
 * `sort_order` is the key's new position within its provider: the others shift to make room.
 */
export async function updateByokKey({ ctx, id, input }: { ctx: Ctx; id: string; input: UpdateByokKeyInput }) {
  assertCan(ctx, "providers.write");
  const parsed = updateByokKeySchema.parse(input);
  const accountId = ctx.account.id;
  const result = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "byok", accountId: ctx.account.id });
    await lockAccount(tx, accountId);
    const current = await findAccountByokKey(tx, ctx, id);
    if (parsed.provider !== undefined && parsed.provider !== current.provider) {
      throw badRequest("A key's provider cannot be changed: add a key for the other provider instead.", { field: "provider" });
    }
    if (parsed.workspace_id !== undefined && parsed.workspace_id !== accountId) {
      throw badRequest("workspace_id cannot be changed: a key belongs to the account that added it.", { field: "workspace_id" });
    }
    if ((parsed.is_fallback ?? current.isFallback) && (parsed.is_byok_only ?? current.isByokOnly)) {
      throw badRequest(BYOK_ONLY_AND_FALLBACK, { field: parsed.is_byok_only !== undefined ? "is_byok_only" : "is_fallback" });
    }
    await assertByokScopes(tx, ctx, parsed);

    const data: Prisma.ByokKeyUpdateInput = {};
    const changed: string[] = [];
    const set = <K extends keyof Prisma.ByokKeyUpdateInput>(field: string, key: K, value: Prisma.ByokKeyUpdateInput[K], same: boolean) => {
      if (same) return;
      data[key] = value;
      changed.push(field);
    };
    if (parsed.key !== undefined) {
      Object.assign(data, sealByokSecret(accountId, current.provider, parsed.key));
      changed.push("key");
    }
    if (parsed.name !== undefined) set("name", "name", parsed.name, parsed.name === current.name);
    if (parsed.disabled !== undefined) set("disabled", "disabled", parsed.disabled, parsed.disabled === current.disabled);
    if (parsed.is_fallback !== undefined) set("is_fallback", "isFallback", parsed.is_fallback, parsed.is_fallback === current.isFallback);
    if (parsed.is_required !== undefined) set("is_required", "isRequired", parsed.is_required, parsed.is_required === current.isRequired);
    if (parsed.is_byok_only !== undefined) set("is_byok_only", "isByokOnly", parsed.is_byok_only, parsed.is_byok_only === current.isByokOnly);
    if (parsed.allowed_models !== undefined)
      set("allowed_models", "allowedModels", parsed.allowed_models ?? Prisma.DbNull, sameList(current.allowedModels, parsed.allowed_models));
    if (parsed.allowed_api_key_hashes !== undefined)
      set("allowed_api_key_hashes", "allowedApiKeyHashes", parsed.allowed_api_key_hashes ?? Prisma.DbNull, sameList(current.allowedApiKeyHashes, parsed.allowed_api_key_hashes));
    if (parsed.allowed_user_ids !== undefined)
      set("allowed_user_ids", "allowedUserIds", parsed.allowed_user_ids ?? Prisma.DbNull, sameList(current.allowedUserIds, parsed.allowed_user_ids));
    if (parsed.declared_zdr !== undefined) set("declared_zdr", "declaredZdr", parsed.declared_zdr, parsed.declared_zdr === current.declaredZdr);

    if (parsed.sort_order !== undefined) {
      const others = (await providerKeys(tx, accountId, current.provider)).filter((k) => k.id !== current.id);
      const position = Math.min(parsed.sort_order, others.length);
      const ordered = [...others.slice(0, position), { id: current.id, sortOrder: current.sortOrder }, ...others.slice(position)];
      if (ordered.some((k, index) => k.sortOrder !== index)) {
        await renumberProviderKeys(tx, accountId, ordered);
        if (current.sortOrder !== position) changed.push("sort_order");
      }
    }

    if (changed.length === 0) return findAccountByokKey(tx, ctx, id);
    const updated = Object.keys(data).length ? await tx.byokKey.update({ where: { id, accountId }, data }) : await findAccountByokKey(tx, ctx, id);
    await recordAuditEvent(tx, {
      accountId,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: parsed.key !== undefined ? "byok_key.rotate" : "byok_key.update",
      targetType: "byok_key",
      targetId: id,
      metadata: {
        provider: updated.provider,
        name: updated.name,
        label: updated.label,
        changed: changed.join(", "),
        ...(parsed.key !== undefined ? { previous_label: current.label } : {}),
      },
    });
    return updated;
  });
  return result;
}
