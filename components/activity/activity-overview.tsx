import Link from "next/link";
import { seriesColor } from "@/components/charts/palette";
import { Card } from "@/components/ui/card";
import { UsageChart } from "@/components/activity/usage-chart";
import { can } from "@/lib/authz/permissions";
import { activityTicks, change, OTHER_KEY, toStackedSeries, toTotalSeries, totalTokens } from "@/lib/charts/activity.prepare";
import { formatCount } from "@/lib/format";
import { formatUsd } from "@/lib/money";
import type { Ctx } from "@/lib/services/context";
import { getActivityReport } from "@/lib/services/activity/get-activity-report";

/** The overview's last 7 days: spend by model and requests per day, with totals and change. */
export async function ActivityOverview({ ctx, segment }: { ctx: Ctx; segment: string }) {
  if (!can(ctx.role, "activity.read")) return null;
  const report = await getActivityReport({ ctx, query: { period: "7d", groupBy: "model", metric: "spend" } });
  const { window, totals, previousTotals } = report;
  const spend = toStackedSeries(report.cells, window, report.labels, "spend", 5);
  const requests = toTotalSeries(report.cells, window).map((r) => ({ t: r.t, requests: r.requests }));
  const ticks = activityTicks(window);
  const pct = (c: number | null) => (c === null ? "new" : `${c > 0 ? "+" : ""}${Math.round(c * 100)}%`);
  return (
    <Card className="mt-6" data-testid="overview-activity">
      <div className="flex items-center justify-between border-b border-border px-4 py-3">
        <div>
          <h2 className="font-semibold">Last 7 days</h2>
          <p className="text-xs text-muted">
            {formatUsd(totals.costMicros + totals.byokCostMicros)} spent ({pct(change(Number(totals.costMicros + totals.byokCostMicros), Number(previousTotals.costMicros + previousTotals.byokCostMicros)))}) ·{" "}
            {formatCount(totals.requests)} requests ({pct(change(totals.requests, previousTotals.requests))}) · {formatCount(totalTokens(totals))} tokens
          </p>
        </div>
        <Link href={`/${segment}/activity`} className="text-sm font-medium text-brand-600 hover:underline">
          Activity →
        </Link>
      </div>
      {totals.requests === 0 ? (
        <p className="px-4 py-10 text-center text-sm text-muted">No usage in the last 7 days. Charts appear with the first request through the gateway.</p>
      ) : (
        <div className="grid gap-6 p-4 lg:grid-cols-2">
          <div>
            <h3 className="mb-2 text-sm font-semibold">Spend by model</h3>
            <UsageChart
              testId="overview-spend-chart"
              height={200}
              metric="spend"
              ticks={ticks}
              stepMs={window.stepMs}
              rows={spend.rows}
              series={spend.series.map((s, i) => ({ dataKey: s.dataKey, label: s.label, color: s.key === OTHER_KEY ? "#94a3b8" : seriesColor(i) }))}
            />
          </div>
          <div>
            <h3 className="mb-2 text-sm font-semibold">Requests</h3>
            <UsageChart testId="overview-requests-chart" height={200} metric="requests" ticks={ticks} stepMs={window.stepMs} rows={requests} series={[{ dataKey: "requests", label: "Requests", color: seriesColor(0) }]} />
          </div>
        </div>
      )}
    </Card>
  );
}
