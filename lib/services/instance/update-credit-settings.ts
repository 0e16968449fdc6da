import { db } from "../../db";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import { getInstanceSetting, setInstanceSetting } from "../../instance-settings";
import { invalidateAllAccountStates } from "../../gateway/account-state";
import { updateInstanceCreditSettingsSchema, type UpdateInstanceCreditSettingsInput } from "../../validations/credits";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Ctx } from "../context";

export async function getInstanceCreditSettings({ ctx }: { ctx: Ctx }) {
  await requireInstanceAdmin(ctx);
  return getInstanceSetting("credits");
}

/** The operator's credit model: the sign-up grant of new personal accounts, and whether paid models need credits at all. */
export async function updateInstanceCreditSettings({ ctx, input }: { ctx: Ctx; input: UpdateInstanceCreditSettingsInput }) {
  await requireInstanceAdmin(ctx);
  const patch = updateInstanceCreditSettingsSchema.parse(input);
  const saved = await (await db()).$transaction(async (tx) => {
    const before = await getInstanceSetting("credits", tx);
    const after = await setInstanceSetting("credits", { ...before, ...patch }, tx);
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "instance.credit_settings_change",
      targetType: "instance_setting",
      targetId: "credits",
      metadata: { before, after },
    });
    return after;
  });
  invalidateAllAccountStates();
  return saved;
}
