import { db } from "../../db";
import { badRequest, forbidden } from "../../api/errors";
import { can } from "../../authz/permissions";
import { generateApiKey, hashApiKey } from "../../auth/api-keys";
import { usdToMicros } from "../../money";
import { createKeySchema, type CreateKeyInput } from "../../validations/keys";
import { assertCan, type Ctx } from "../context";
import { KEY_INCLUDE } from "./key-access";
import { mutation } from "../mutation";

const RESET = { daily: "DAILY", weekly: "WEEKLY", monthly: "MONTHLY" } as const;
export const toResetEnum = (r: "daily" | "weekly" | "monthly" | null | undefined) => (r ? RESET[r] : null);

/** Creates a key. The plaintext is returned once, here; only its hash and label are stored. */
export async function createApiKey({ ctx, input }: { ctx: Ctx; input: CreateKeyInput }) {
  assertCan(ctx, "keys.write");
  const data = createKeySchema.parse(input);
  const client = await db();
  if (data.workspace_id && data.workspace_id !== ctx.account.id) throw badRequest("workspace_id must be this account's id.", { field: "workspace_id" });
  if (data.kind === "management" && !can(ctx.role, "keys.manage_all")) throw forbidden("Only Admins can create management keys.");
  if (data.expires_at && new Date(data.expires_at).getTime() <= Date.now()) throw badRequest("expires_at must be in the future.", { field: "expires_at" });

  let creatorUserId = ctx.actorUserId;
  if (data.creator_user_id !== undefined && data.creator_user_id !== ctx.actorUserId) {
    if (!can(ctx.role, "keys.manage_all")) throw forbidden("Only Admins can create keys for someone else.");
    if (data.creator_user_id !== null) {
      const member = await client.membership.findUnique({ where: { accountId_userId: { accountId: ctx.account.id, userId: data.creator_user_id } } });
      if (!member) throw badRequest("creator_user_id is not a member of this account.", { field: "creator_user_id" });
    }
    creatorUserId = data.creator_user_id;
  }

  const secret = generateApiKey();
  const row = await mutation({ ctx }, async ({ tx, audit, emit }) => {
    const created = await tx.apiKey.create({
      data: {
        accountId: ctx.account.id,
        creatorUserId,
        kind: data.kind === "management" ? "MANAGEMENT" : "INFERENCE",
        name: data.name,
        hash: secret.hash,
        label: secret.label,
        limitMicros: data.limit == null ? null : usdToMicros(data.limit),
        limitReset: toResetEnum(data.limit_reset),
        includeByokInLimit: data.include_byok_in_limit ?? false,
        expiresAt: data.expires_at ? new Date(data.expires_at) : null,
        externalUser: data.external?.user ?? null,
        externalKeyHash: data.external?.api_key ? hashApiKey(data.external.api_key) : null,
      },
      include: KEY_INCLUDE,
    });
    emit({ kind: "api_key", accountId: ctx.account.id, id: created.id, hash: created.hash });
    await audit({
      action: "key.create",
      targetType: "api_key",
      targetId: created.id,
      metadata: { name: created.name, label: created.label, kind: data.kind },
    });
    return created;
  });
  return { key: row, secret: secret.key };
}
