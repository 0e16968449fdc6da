import { z } from "zod";
import { INSTANCE_SETTINGS } from "../instance-settings";

/** PATCH /api/v1/settings/outbound: the whole allowlist (hosts, host:port, addresses, CIDR ranges). */
export const updateOutboundAllowlistSchema = z.object({ allowlist: INSTANCE_SETTINGS.outbound_allowlist.unwrap() }).strict();
export type UpdateOutboundAllowlistInput = z.input<typeof updateOutboundAllowlistSchema>;
