import { updatePrivacySchema, type UpdatePrivacyInput } from "../../validations/privacy";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import type { PrivacySettings } from "./get-privacy-settings";
import { mutation } from "../mutation";

/** Turns ZDR-only routing and prompt logging on or off for the whole account (Admins). */
export async function updatePrivacySettings({ ctx, input }: { ctx: Ctx; input: UpdatePrivacyInput }): Promise<PrivacySettings> {
  assertCan(ctx, "account.write");
  const { zdr_only, prompt_logging } = updatePrivacySchema.parse(input);
  const select = { zdrOnly: true, promptLogging: true } as const;
  const settings = await mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "privacy", accountId: ctx.account.id });
    const before = await tx.account.findUniqueOrThrow({ where: { id: ctx.account.id }, select });
    const after = await tx.account.update({
      where: { id: ctx.account.id },
      data: { ...(zdr_only !== undefined ? { zdrOnly: zdr_only } : {}), ...(prompt_logging !== undefined ? { promptLogging: prompt_logging } : {}) },
      select,
    });
    const changes: Record<string, { from: boolean; to: boolean }> = {};
    if (before.zdrOnly !== after.zdrOnly) changes.zdr_only = { from: before.zdrOnly, to: after.zdrOnly };
    if (before.promptLogging !== after.promptLogging) changes.prompt_logging = { from: before.promptLogging, to: after.promptLogging };
    if (Object.keys(changes).length) {
      await recordAuditEvent(tx, {
        accountId: ctx.account.id,
        actorUserId: ctx.actorUserId,
        caller: ctx.caller,
        action: "privacy.update",
        targetType: "account",
        targetId: ctx.account.id,
        metadata: changes,
      });
    }
    return after;
  });
  // After the commit: the gateway's next request of this account reads the new settings.
  return settings;
}
