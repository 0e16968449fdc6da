// GET /api/v1/activity – usage per day × model × provider over the last 30 complete UTC days (API_CONTRACT §7)
import { route } from "@/lib/api/handler";
import { toActivityItemResponse } from "@/lib/api/activity-responses";
import { listActivity } from "@/lib/services/activity/list-activity";
import { activityQuerySchema } from "@/lib/validations/activity";

export const GET = route({ keyKind: "MANAGEMENT", permission: "activity.read", query: activityQuerySchema }, async ({ ctx, query }) => {
  const items = await listActivity({ ctx, input: query });
  const workspaceId = query.group_by === "workspace" ? ctx.account.id : undefined;
  return { data: items.map((i) => toActivityItemResponse(i, workspaceId)) };
});
