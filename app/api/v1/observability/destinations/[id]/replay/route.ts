// POST /api/v1/observability/destinations/{id}/replay – { since }: send every trace since then again (same idempotency keys) (Admins)
import { route } from "@/lib/api/handler";
import { replayDeliveriesSchema } from "@/lib/validations/broadcast";
import { replayDeliveries } from "@/lib/services/broadcast/replay-deliveries";

export const POST = route({ keyKind: "MANAGEMENT", permission: "broadcast.write", body: replayDeliveriesSchema }, async ({ ctx, body, params }) => {
  return { data: await replayDeliveries({ ctx, id: params.id, input: body }) };
});
