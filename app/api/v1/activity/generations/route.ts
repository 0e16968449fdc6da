// GET /api/v1/activity/generations – the Logs page: generations newest first, filtered, with a cursor
import { route } from "@/lib/api/handler";
import { toGenerationListItemResponse } from "@/lib/api/activity-responses";
import { listGenerations } from "@/lib/services/activity/list-generations";
import { generationsQuerySchema } from "@/lib/validations/activity";

export const GET = route({ keyKind: "MANAGEMENT", permission: "activity.read", query: generationsQuerySchema }, async ({ ctx, query }) => {
  const page = await listGenerations({ ctx, query });
  return { data: page.items.map(toGenerationListItemResponse), next_cursor: page.nextCursor };
});
