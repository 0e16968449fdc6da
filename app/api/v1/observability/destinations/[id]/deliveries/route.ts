// GET /api/v1/observability/destinations/{id}/deliveries – the delivery log, ?status=delivered|retrying|pending|failed&limit=&offset= (Admins)
import { route } from "@/lib/api/handler";
import { toDeliveryResponse } from "@/lib/api/broadcast-responses";
import { listDeliveriesSchema } from "@/lib/validations/broadcast";
import { listDeliveries } from "@/lib/services/broadcast/list-deliveries";

export const GET = route({ keyKind: "MANAGEMENT", permission: "broadcast.read", query: listDeliveriesSchema }, async ({ ctx, query, params }) => {
  const { deliveries, total, summary } = await listDeliveries({ ctx, id: params.id, input: query });
  return { data: deliveries.map(toDeliveryResponse), total_count: total, summary };
});
