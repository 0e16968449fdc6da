// The Activity page's data (and GET /api/v1/activity/report): usage over a window, per bucket and
// group, the groups ranked with their totals, the period's totals and the previous period's.
import { badRequest } from "../../api/errors";
import {
  activityWindow,
  previousWindow,
  rankGroups,
  sumTotals,
  type ActivityPeriod,
  type ActivityWindow,
  type Group,
  type GroupBy,
  type Metric,
  type Totals,
  type UsageCell,
} from "../../charts/activity.prepare";
import { assertCan, type Ctx } from "../context";
import { groupLabels, queryUsage, usageScope, type UsageFilters } from "./usage-query";

export type ActivityReport = {
  window: ActivityWindow;
  previous: ActivityWindow;
  groupBy: GroupBy;
  filters: UsageFilters;
  /** Whole account, or the caller's own keys only (Members). */
  scope: "account" | "own";
  cells: UsageCell[];
  labels: Map<string, string>;
  groups: Group[];
  totals: Totals;
  previousTotals: Totals;
};

export type ActivityQuery = { period: ActivityPeriod; from?: string; to?: string; groupBy: GroupBy; metric?: Metric; filters?: UsageFilters };

export function resolveWindow(q: Pick<ActivityQuery, "period" | "from" | "to">, now: Date): ActivityWindow {
  const window = activityWindow(q.period, now, { from: q.from, to: q.to });
  if (!window) throw badRequest("A custom period needs from and to as YYYY-MM-DD (UTC days, from <= to, at most 366 days).");
  return window;
}

export async function getActivityReport({ ctx, query, now = new Date() }: { ctx: Ctx; query: ActivityQuery; now?: Date }): Promise<ActivityReport> {
  assertCan(ctx, "activity.read");
  const scope = usageScope(ctx);
  const window = resolveWindow(query, now);
  const previous = previousWindow(window);
  const filters = query.filters ?? {};
  const [cells, previousCells] = await Promise.all([
    queryUsage({ scope, window, groupBy: query.groupBy, filters }),
    queryUsage({ scope, window: previous, groupBy: null, byBucket: false, filters }),
  ]);
  const labels = await groupLabels(query.groupBy, cells.map((c) => c.key), ctx.account.id);
  return {
    window,
    previous,
    groupBy: query.groupBy,
    filters,
    scope: scope.creatorId === null ? "account" : "own",
    cells,
    labels,
    groups: rankGroups(cells, labels, query.metric ?? "spend"),
    totals: sumTotals(cells),
    previousTotals: sumTotals(previousCells),
  };
}
