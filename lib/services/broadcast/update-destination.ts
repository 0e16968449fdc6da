import { db } from "../../db";
import { Prisma } from "../../generated/prisma/client";
import { sealDestinationConfig } from "../../broadcast/destination-secrets";
import type { SupportedType } from "../../broadcast/types";
import { parseDestinationConfig, updateDestinationSchema, type UpdateDestinationInput } from "../../validations/broadcast";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { lockAccount } from "../members/lock-memberships";
import { assertDestinationUrls } from "./assert-destination-urls";
import { assertKeyHashesOfAccount } from "./assert-key-hashes";
import { findAccountDestination } from "./find-destination";
import { mergeStoredConfig } from "./merge-config";
import { mutation } from "../mutation";

/** Renames, toggles, re-filters or reconfigures a destination; its type never changes. */
export async function updateDestination({ ctx, id, input }: { ctx: Ctx; id: string; input: UpdateDestinationInput }) {
  assertCan(ctx, "broadcast.write");
  const parsed = updateDestinationSchema.parse(input);
  const accountId = ctx.account.id;
  // The URLs it sends (stored ones passed at their save; every send checks again), before the account lock.
  if (parsed.config !== undefined) {
    const stored = await (await db()).broadcastDestination.findFirst({ where: { id, accountId }, select: { type: true } });
    if (stored) await assertDestinationUrls(stored.type as SupportedType, parsed.config);
  }
  const updated = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "destination", accountId });
    await lockAccount(tx, accountId);
    const current = await findAccountDestination(tx, ctx, id);
    const data: Prisma.BroadcastDestinationUpdateInput = {};
    const changed: string[] = [];
    if (parsed.config !== undefined) {
      const config = parseDestinationConfig(current.type as SupportedType, mergeStoredConfig(current, parsed.config));
      Object.assign(data, sealDestinationConfig(accountId, current.type as SupportedType, config));
      changed.push("config");
    }
    if (parsed.api_key_hashes) await assertKeyHashesOfAccount(tx, accountId, parsed.api_key_hashes);
    const fields: [keyof typeof parsed, keyof Prisma.BroadcastDestinationUpdateInput][] = [
      ["name", "name"],
      ["enabled", "enabled"],
      ["privacy_mode", "privacyMode"],
      ["sampling_rate", "samplingRate"],
      ["broadcast_generation_cost", "broadcastCost"],
      ["broadcast_generation_identity", "broadcastIdentity"],
      ["broadcast_generation_request_context", "broadcastRequestContext"],
      ["regions", "regions"],
    ];
    for (const [field, column] of fields) {
      if (parsed[field] === undefined) continue;
      (data as Record<string, unknown>)[column] = parsed[field];
      changed.push(field);
    }
    if (parsed.api_key_hashes !== undefined) {
      data.apiKeyHashes = parsed.api_key_hashes ?? Prisma.DbNull;
      changed.push("api_key_hashes");
    }
    if (parsed.filter_rules !== undefined) {
      data.filterRules = parsed.filter_rules ?? Prisma.DbNull;
      changed.push("filter_rules");
    }
    const row = await tx.broadcastDestination.update({ where: { id: current.id, accountId }, data, omit: { secretsCiphertext: true } });
    if (changed.length) {
      await recordAuditEvent(tx, {
        accountId,
        actorUserId: ctx.actorUserId,
        caller: ctx.caller,
        action: "broadcast_destination.update",
        targetType: "broadcast_destination",
        targetId: id,
        metadata: { type: row.type, name: row.name, changed: changed.join(", "), enabled: row.enabled },
      });
    }
    return row;
  });
  return updated;
}
