import { randomBytes } from "node:crypto";
import { badRequest, conflict } from "../../api/errors";
import { Prisma } from "../../generated/prisma/client";
import { sealDestinationConfig } from "../../broadcast/destination-secrets";
import { MAX_PER_TYPE, TYPE_LABELS, type SupportedType } from "../../broadcast/types";
import { createDestinationSchema, parseDestinationConfig, type CreateDestinationInput } from "../../validations/broadcast";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { lockAccount } from "../members/lock-memberships";
import { assertDestinationUrls } from "./assert-destination-urls";
import { assertKeyHashesOfAccount } from "./assert-key-hashes";
import { mutation } from "../mutation";

/**
 * Adds a destination (at most MAX_PER_TYPE of one type per account, counted under the account row
 * lock). A webhook without a signing secret gets a generated one, returned once as `signing_secret`.
 */
export async function createDestination({ ctx, input }: { ctx: Ctx; input: CreateDestinationInput }) {
  assertCan(ctx, "broadcast.write");
  const parsed = createDestinationSchema.parse(input);
  if (parsed.workspace_id !== undefined && parsed.workspace_id !== ctx.account.id) {
    throw badRequest("workspace_id must be this account's id (or left out).", { field: "workspace_id" });
  }
  const type = parsed.type as SupportedType;
  const config = parseDestinationConfig(type, parsed.config);
  await assertDestinationUrls(type, config);
  let generatedSecret: string | null = null;
  if (type === "webhook" && !config.signingSecret) config.signingSecret = generatedSecret = `whsec_${randomBytes(24).toString("base64url")}`;
  const accountId = ctx.account.id;
  const destination = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "destination", accountId });
    await lockAccount(tx, accountId);
    const count = await tx.broadcastDestination.count({ where: { accountId, type } });
    if (count >= MAX_PER_TYPE) throw conflict(`An account can have at most ${MAX_PER_TYPE} ${TYPE_LABELS[type]} destinations. Remove one first.`, { reason_detail: "destination_limit" });
    if (parsed.api_key_hashes) await assertKeyHashesOfAccount(tx, accountId, parsed.api_key_hashes);
    const created = await tx.broadcastDestination.create({
      data: {
        accountId,
        type,
        name: parsed.name,
        enabled: parsed.enabled,
        privacyMode: parsed.privacy_mode,
        samplingRate: parsed.sampling_rate ?? 1,
        regions: parsed.regions ?? ["global"],
        apiKeyHashes: parsed.api_key_hashes ?? Prisma.DbNull,
        broadcastCost: parsed.broadcast_generation_cost,
        broadcastIdentity: parsed.broadcast_generation_identity,
        broadcastRequestContext: parsed.broadcast_generation_request_context,
        filterRules: parsed.filter_rules ?? Prisma.DbNull,
        ...sealDestinationConfig(accountId, type, config),
      },
      omit: { secretsCiphertext: true },
    });
    await recordAuditEvent(tx, {
      accountId,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "broadcast_destination.create",
      targetType: "broadcast_destination",
      targetId: created.id,
      metadata: { type, name: created.name, enabled: created.enabled, sampling_rate: created.samplingRate, privacy_mode: created.privacyMode },
    });
    return created;
  });
  return { destination, generatedSecret };
}
