// POST /api/v1/observability/destinations/{id}/retry – retry now: every undelivered trace is due at once (Admins)
import { route } from "@/lib/api/handler";
import { retryDeliveries } from "@/lib/services/broadcast/retry-deliveries";

export const POST = route({ keyKind: "MANAGEMENT", permission: "broadcast.write" }, async ({ ctx, params }) => {
  return { data: await retryDeliveries({ ctx, id: params.id }) };
});
