import { db } from "../../db";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import { env } from "../../env";
import { getInstanceSetting, setInstanceSetting } from "../../instance-settings";
import { splitAllowlist } from "../../net/address-policy";
import { invalidateOutboundAllowlist } from "../../net/outbound-policy";
import { updateOutboundAllowlistSchema, type UpdateOutboundAllowlistInput } from "../../validations/outbound";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Ctx } from "../context";
import type { OutboundAllowlistView } from "./get-outbound-allowlist";

/** Replaces the instance's outbound allowlist (instance admins); audited in the account the admin acts in. */
export async function updateOutboundAllowlist({ ctx, input }: { ctx: Ctx; input: UpdateOutboundAllowlistInput }): Promise<OutboundAllowlistView> {
  await requireInstanceAdmin(ctx);
  const { allowlist } = updateOutboundAllowlistSchema.parse(input);
  const saved = await (await db()).$transaction(async (tx) => {
    const before = await getInstanceSetting("outbound_allowlist", tx);
    const after = await setInstanceSetting("outbound_allowlist", allowlist, tx);
    const added = after.filter((e) => !before.includes(e));
    const removed = before.filter((e) => !after.includes(e));
    if (added.length || removed.length) {
      await recordAuditEvent(tx, {
        accountId: ctx.account.id,
        actorUserId: ctx.actorUserId,
        caller: ctx.caller,
        action: "instance.outbound_allowlist_update",
        targetType: "instance_setting",
        targetId: "outbound_allowlist",
        metadata: { added, removed },
      });
    }
    return after;
  });
  // After the commit: this process's next outbound request reads the new list (other instances within 10 s).
  invalidateOutboundAllowlist();
  return { allowlist: saved, envAllowlist: splitAllowlist(env().TOLLGATE_OUTBOUND_ALLOW) };
}
