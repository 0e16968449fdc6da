// POST /api/v1/observability/destinations/test – Test Connection: send one real test trace with { type, config, destination_id? }; { data: { ok, error, latency_ms } } (Admins)
import { route } from "@/lib/api/handler";
import { testDestinationSchema } from "@/lib/validations/broadcast";
import { testDestination } from "@/lib/services/broadcast/test-destination";

export const POST = route({ keyKind: "MANAGEMENT", permission: "broadcast.write", body: testDestinationSchema }, async ({ ctx, body }) => {
  return { data: await testDestination({ ctx, input: body }) };
});
