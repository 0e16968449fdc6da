// GET /api/v1/observability/destinations/{id} – one destination, credentials masked (Admins)
// PATCH /api/v1/observability/destinations/{id} – change any field but type; secrets left out or sent back masked are kept (Admins)
// DELETE /api/v1/observability/destinations/{id} – delete it and its delivery log (Admins)
import { route } from "@/lib/api/handler";
import { toDestinationResponse } from "@/lib/api/broadcast-responses";
import { updateDestinationSchema } from "@/lib/validations/broadcast";
import { deleteDestination } from "@/lib/services/broadcast/delete-destination";
import { getDestination } from "@/lib/services/broadcast/get-destination";
import { updateDestination } from "@/lib/services/broadcast/update-destination";

export const GET = route({ keyKind: "MANAGEMENT", permission: "broadcast.read" }, async ({ ctx, params }) => {
  return { data: toDestinationResponse(await getDestination({ ctx, id: params.id })) };
});

export const PATCH = route({ keyKind: "MANAGEMENT", permission: "broadcast.write", body: updateDestinationSchema }, async ({ ctx, body, params }) => {
  return { data: toDestinationResponse(await updateDestination({ ctx, id: params.id, input: body })) };
});

export const DELETE = route({ keyKind: "MANAGEMENT", permission: "broadcast.write" }, async ({ ctx, params }) => {
  return deleteDestination({ ctx, id: params.id });
});
