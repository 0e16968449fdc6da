// GET /api/v1/settings/outbound – the outbound allowlist { allowlist, env_allowlist } (instance admins)
// PATCH /api/v1/settings/outbound – replace it { allowlist: ["10.0.0.0/8", "collector.internal:4318", …] } (instance admins)
import { route } from "@/lib/api/handler";
import { getOutboundAllowlist, type OutboundAllowlistView } from "@/lib/services/settings/get-outbound-allowlist";
import { updateOutboundAllowlist } from "@/lib/services/settings/update-outbound-allowlist";
import { updateOutboundAllowlistSchema } from "@/lib/validations/outbound";

const toOutboundResponse = (v: OutboundAllowlistView) => ({ allowlist: v.allowlist, env_allowlist: v.envAllowlist });

export const GET = route({ keyKind: "MANAGEMENT", instanceAdmin: true }, async ({ ctx }) => {
  return { data: toOutboundResponse(await getOutboundAllowlist({ ctx })) };
});

export const PATCH = route({ keyKind: "MANAGEMENT", instanceAdmin: true, body: updateOutboundAllowlistSchema }, async ({ ctx, body }) => {
  return { data: toOutboundResponse(await updateOutboundAllowlist({ ctx, input: body })) };
});
