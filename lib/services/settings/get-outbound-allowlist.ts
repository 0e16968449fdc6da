import { requireInstanceAdmin } from "../../authz/instance-admin";
import { env } from "../../env";
import { getInstanceSetting } from "../../instance-settings";
import { splitAllowlist } from "../../net/address-policy";
import type { Ctx } from "../context";

export type OutboundAllowlistView = { allowlist: string[]; envAllowlist: string[] };

/** The outbound allowlist: the instance setting (editable) and TOLLGATE_OUTBOUND_ALLOW (read-only here). */
export async function getOutboundAllowlist({ ctx }: { ctx: Ctx }): Promise<OutboundAllowlistView> {
  await requireInstanceAdmin(ctx);
  return { allowlist: await getInstanceSetting("outbound_allowlist"), envAllowlist: splitAllowlist(env().TOLLGATE_OUTBOUND_ALLOW) };
}
