// GET /api/v1/activity/export?format=csv|pdf&group_by=… – a period's usage as a streamed CSV or a PDF report
import { route } from "@/lib/api/handler";
import { resolveWindow } from "@/lib/services/activity/get-activity-report";
import { exportFilename, generationsCsvStream, groupedCsvStream } from "@/lib/services/activity/export-activity-csv";
import { activityPdf } from "@/lib/services/activity/export-activity-pdf";
import { filtersOf } from "@/lib/services/activity/usage-query";
import { activityExportQuerySchema } from "@/lib/validations/activity";

export const GET = route({ keyKind: "MANAGEMENT", permission: "activity.export", query: activityExportQuerySchema }, async ({ ctx, query }) => {
  const now = new Date();
  const window = resolveWindow(query, now);
  const filters = filtersOf(query);
  const headers = (type: string, ext: "csv" | "pdf") => ({
    "content-type": type,
    "content-disposition": `attachment; filename="${exportFilename(ctx, window, query.group_by, ext)}"`,
    "cache-control": "no-store",
  });
  if (query.format === "pdf") {
    const groupBy = query.group_by === "generation" ? "model" : query.group_by;
    const pdf = await activityPdf({ ctx, query: { period: query.period, from: query.from, to: query.to, groupBy, filters }, now });
    return new Response(new Uint8Array(pdf), { headers: { ...headers("application/pdf", "pdf"), "content-length": String(pdf.length) } });
  }
  const stream = query.group_by === "generation" ? generationsCsvStream({ ctx, window, filters }) : groupedCsvStream({ ctx, window, groupBy: query.group_by, filters });
  return new Response(stream, { headers: headers("text/csv; charset=utf-8", "csv") });
});
