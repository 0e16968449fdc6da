import { usdToMicros } from "../../money";
import type { Prisma } from "../../generated/prisma/client";
import { updateKeySchema, type UpdateKeyInput } from "../../validations/keys";
import { assertCan, type Ctx } from "../context";
import { toResetEnum } from "./create-api-key";
import { findApiKey } from "./get-api-key";
import { KEY_INCLUDE } from "./key-access";
import { getKeyUsage } from "./key-usage";
import { seedKeyLimitCounter } from "../../guardrails/seed-key-limit";
import { mutation } from "../mutation";

export async function updateApiKey({ ctx, hash, input }: { ctx: Ctx; hash: string; input: UpdateKeyInput }) {
  assertCan(ctx, "keys.write");
  const data = updateKeySchema.parse(input);
  const patch: Prisma.ApiKeyUpdateInput = {};
  if (data.name !== undefined) patch.name = data.name;
  if (data.disabled !== undefined) patch.disabled = data.disabled;
  if (data.limit !== undefined) patch.limitMicros = data.limit === null ? null : usdToMicros(data.limit);
  if (data.limit_reset !== undefined) patch.limitReset = toResetEnum(data.limit_reset);
  if (data.include_byok_in_limit !== undefined) patch.includeByokInLimit = data.include_byok_in_limit;
  if (data.expires_at !== undefined) patch.expiresAt = data.expires_at === null ? null : new Date(data.expires_at);
  const key = await mutation({ ctx }, async ({ tx, audit, emit }) => {
    const current = await findApiKey(tx, ctx, hash);
    const updated = await tx.apiKey.update({ where: { id: current.id }, data: patch, include: KEY_INCLUDE });
    emit({ kind: "api_key", accountId: ctx.account.id, id: current.id, hash });
    await audit({
      action: data.disabled === true ? "key.disable" : data.disabled === false ? "key.enable" : "key.update",
      targetType: "api_key",
      targetId: current.id,
      metadata: { label: current.label, fields: Object.keys(data).join(",") },
    });
    return updated;
  });
  const usage = (await getKeyUsage([key.id])).get(key.id)!;
  if (data.limit !== undefined || data.limit_reset !== undefined || data.include_byok_in_limit !== undefined) await seedKeyLimitCounter(key, usage);
  return { key, usage };
}
