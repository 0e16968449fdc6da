// GET /api/v1/observability/destinations – the account's Broadcast destinations (API_CONTRACT §9), ?limit=&offset=&workspace_id= (Admins)
// POST /api/v1/observability/destinations – add one { type, name, config, … }; credentials stored encrypted, never returned, 201
import { created, route } from "@/lib/api/handler";
import { toDestinationResponse } from "@/lib/api/broadcast-responses";
import { createDestinationSchema, listDestinationsSchema } from "@/lib/validations/broadcast";
import { createDestination } from "@/lib/services/broadcast/create-destination";
import { listDestinations } from "@/lib/services/broadcast/list-destinations";

export const GET = route({ keyKind: "MANAGEMENT", permission: "broadcast.read", query: listDestinationsSchema }, async ({ ctx, query }) => {
  const { destinations, total } = await listDestinations({ ctx, input: query });
  return { data: destinations.map(toDestinationResponse), total_count: total };
});

export const POST = route({ keyKind: "MANAGEMENT", permission: "broadcast.write", body: createDestinationSchema }, async ({ ctx, body }) => {
  const { destination, generatedSecret } = await createDestination({ ctx, input: body });
  // A generated webhook signing secret is shown this once (like an API key), never again.
  return created({ data: toDestinationResponse(destination), ...(generatedSecret ? { signing_secret: generatedSecret } : {}) });
});
