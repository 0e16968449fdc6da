// GET /api/v1/activity/report – chart data of a period: totals, change vs the previous period, groups, stacked series
import { route } from "@/lib/api/handler";
import { toActivityReportResponse } from "@/lib/api/activity-responses";
import { getActivityReport } from "@/lib/services/activity/get-activity-report";
import { activityReportQuerySchema } from "@/lib/validations/activity";
import { filtersOf } from "@/lib/services/activity/usage-query";

export const GET = route({ keyKind: "MANAGEMENT", permission: "activity.read", query: activityReportQuerySchema }, async ({ ctx, query }) => {
  const report = await getActivityReport({
    ctx,
    query: { period: query.period, from: query.from, to: query.to, groupBy: query.group_by, metric: query.metric, filters: filtersOf(query) },
  });
  return { data: toActivityReportResponse(report, query.metric) };
});
