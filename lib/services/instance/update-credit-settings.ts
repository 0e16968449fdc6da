import { requireInstanceAdmin } from "../../authz/instance-admin";
import { getInstanceSetting, setInstanceSetting } from "../../instance-settings";
import { updateInstanceCreditSettingsSchema, type UpdateInstanceCreditSettingsInput } from "../../validations/credits";
import type { Ctx } from "../context";
import { mutation } from "../mutation";

export async function getInstanceCreditSettings({ ctx }: { ctx: Ctx }) {
  await requireInstanceAdmin(ctx);
  return getInstanceSetting("credits");
}

/** The operator's credit model: the sign-up grant of new personal accounts, and whether paid models need credits at all. */
export async function updateInstanceCreditSettings({ ctx, input }: { ctx: Ctx; input: UpdateInstanceCreditSettingsInput }) {
  await requireInstanceAdmin(ctx);
  const patch = updateInstanceCreditSettingsSchema.parse(input);
  return mutation({ ctx }, async ({ tx, audit, emit }) => {
    const before = await getInstanceSetting("credits", tx);
    const after = await setInstanceSetting("credits", { ...before, ...patch }, tx);
    emit({ kind: "instance_setting", id: "credits" });
    await audit({ action: "instance.credit_settings_change", targetType: "instance_setting", targetId: "credits", before, after });
    return after;
  });
}
