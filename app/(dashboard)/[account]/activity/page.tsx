import { Activity, Coins, Hash, KeyRound, TriangleAlert, X } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { seriesColor } from "@/components/charts/palette";
import { ExportPanel } from "@/components/activity/export-panel";
import { GroupsTable, type GroupRow } from "@/components/activity/groups-table";
import { LocalRange } from "@/components/activity/local-range";
import { UsageChart } from "@/components/activity/usage-chart";
import { AreaGate } from "@/components/shell/area-gate";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import {
  ACTIVITY_PERIODS,
  activityTicks,
  change,
  GROUP_BYS,
  isoDay,
  METRICS,
  OTHER_KEY,
  parseGroupBy,
  parseMetric,
  parsePeriod,
  toStackedSeries,
  totalTokens,
  type ActivityPeriod,
  type GroupBy,
} from "@/lib/charts/activity.prepare";
import { formatCount } from "@/lib/format";
import { formatUsd } from "@/lib/money";
import { accountSegment } from "@/lib/services/context";
import { getActivityReport } from "@/lib/services/activity/get-activity-report";
import { filtersOf, type UsageFilters } from "@/lib/services/activity/usage-query";
import { AppError } from "@/lib/api/errors";

export const metadata: Metadata = { title: "Activity" };

const spend = (t: { costMicros: bigint; byokCostMicros: bigint }) => t.costMicros + t.byokCostMicros;
const UTC = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
type SP = Record<string, string | string[] | undefined>;
const str = (v: string | string[] | undefined) => (typeof v === "string" && v.trim() ? v : undefined);

export default async function ActivityPage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<SP> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  if (!can(ctx.role, "activity.read")) return <AreaGate segment={account} permission="activity.read">{null}</AreaGate>;
  const sp = await searchParams;
  const segment = accountSegment(ctx.account);
  let period: ActivityPeriod = parsePeriod(sp.period);
  const groupBy = parseGroupBy(sp.group);
  const metric = parseMetric(sp.metric);
  const filters: UsageFilters = filtersOf({ model: str(sp.model), api_key: str(sp.api_key), creator: str(sp.creator), user: str(sp.user), provider: str(sp.provider) });
  const custom = { from: str(sp.from), to: str(sp.to) };
  let invalidRange = false;
  let report;
  try {
    report = await getActivityReport({ ctx, query: { period, ...custom, groupBy, metric, filters } });
  } catch (error) {
    if (!(error instanceof AppError) || error.status !== 400) throw error;
    invalidRange = true;
    period = "7d";
    report = await getActivityReport({ ctx, query: { period, groupBy, metric, filters } });
  }
  const state: Record<string, string | undefined> = {
    period,
    from: period === "custom" ? custom.from : undefined,
    to: period === "custom" ? custom.to : undefined,
    group: groupBy,
    metric,
    ...filters,
  };
  const href = (changes: Record<string, string | undefined>) => {
    const next = { ...state, ...changes };
    const q = new URLSearchParams(Object.entries(next).filter((e): e is [string, string] => e[1] !== undefined));
    return `/${segment}/activity?${q}`;
  };
  const exportQuery = Object.fromEntries(
    Object.entries({ period, from: state.from, to: state.to, ...filters }).filter((e): e is [string, string] => e[1] !== undefined),
  );

  const { window, totals, previousTotals } = report;
  const stacked = toStackedSeries(report.cells, window, report.labels, metric, 6);
  const colorOf = new Map(stacked.series.map((s, i) => [s.key, s.key === OTHER_KEY ? "#94a3b8" : seriesColor(i)]));
  const series = stacked.series.map((s) => ({ dataKey: s.dataKey, label: s.label, color: colorOf.get(s.key)! }));
  const rows: GroupRow[] = report.groups.map((g) => ({
    key: g.key,
    label: g.label,
    color: colorOf.get(g.key) ?? (stacked.series.some((s) => s.key === OTHER_KEY) ? "#94a3b8" : null),
    filterHref: href({ [groupBy]: g.key }),
    totals: { ...g.totals, costMicros: g.totals.costMicros.toString(), byokCostMicros: g.totals.byokCostMicros.toString() },
  }));
  const lastDay = new Date(window.to.getTime() - 86_400_000);
  const activeFilters = Object.entries(filters) as [GroupBy, string][];

  return (
    <>
      <PageHeader
        title="Activity"
        description={
          report.scope === "own"
            ? "Spend, requests and tokens of the API keys you created."
            : `Spend, requests and tokens of ${ctx.account.slug ? "the whole organization" : "your personal account"}, from every key.`
        }
        actions={<PeriodNav current={period} hrefFor={(p) => href({ period: p, from: undefined, to: undefined })} />}
      />
      <div className="-mt-3 mb-5 flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between">
        <div className="text-xs text-muted">
          <p data-testid="activity-range">
            {UTC.format(window.from)} – {UTC.format(window.to)} UTC · {window.granularity === "h" ? "hourly" : "daily"}
          </p>
          <p>
            <LocalRange from={window.from.toISOString()} to={window.to.toISOString()} />
          </p>
          {invalidRange ? <p className="mt-1 text-red-600">That custom range is not valid (from ≤ to, at most 366 days): showing 7 days.</p> : null}
        </div>
        <form method="get" action={`/${segment}/activity`} className="flex flex-wrap items-end gap-2 text-xs" data-testid="custom-range">
          <input type="hidden" name="period" value="custom" />
          <input type="hidden" name="group" value={groupBy} />
          <input type="hidden" name="metric" value={metric} />
          {activeFilters.map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
          <label className="flex flex-col gap-1 text-muted">
            From (UTC)
            <input type="date" name="from" required defaultValue={state.from ?? isoDay(window.from)} className="h-8 rounded-md border border-border bg-surface px-2 text-fg" />
          </label>
          <label className="flex flex-col gap-1 text-muted">
            To (UTC)
            <input type="date" name="to" required defaultValue={state.to ?? isoDay(lastDay.getTime() < window.from.getTime() ? window.from : lastDay)} className="h-8 rounded-md border border-border bg-surface px-2 text-fg" />
          </label>
          <button type="submit" className="h-8 rounded-md border border-border bg-surface px-3 font-medium hover:bg-black/5 dark:hover:bg-white/10">
            Apply
          </button>
        </form>
      </div>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Spend" icon={Coins} value={formatUsd(spend(totals))} delta={change(Number(spend(totals)), Number(spend(previousTotals)))} testId="stat-spend">
          {totals.byokCostMicros > 0n ? `${formatUsd(totals.costMicros)} credits + ${formatUsd(totals.byokCostMicros)} BYOK` : "Credits charged"}
        </Stat>
        <Stat label="Requests" icon={Activity} value={formatCount(totals.requests)} delta={change(totals.requests, previousTotals.requests)} testId="stat-requests">
          {totals.errors ? `${formatCount(totals.errors)} failed` : "No failures"}
        </Stat>
        <Stat label="Tokens" icon={Hash} value={formatCount(totalTokens(totals))} delta={change(totalTokens(totals), totalTokens(previousTotals))} testId="stat-tokens">
          {formatCount(totals.promptTokens)} prompt · {formatCount(totals.completionTokens)} completion
        </Stat>
        <Stat label="Groups" icon={KeyRound} value={formatCount(report.groups.length)} delta={undefined} testId="stat-groups">
          {GROUP_BYS[groupBy]}s with usage
        </Stat>
      </div>

      <Card className="mt-6">
        <div className="flex flex-col gap-3 border-b border-border px-4 py-3 xl:flex-row xl:items-center xl:justify-between">
          <div className="flex flex-wrap items-center gap-3">
            <Segmented label="Metric" testIdPrefix="metric" options={(Object.keys(METRICS) as (keyof typeof METRICS)[]).map((m) => ({ id: m, label: METRICS[m], href: href({ metric: m }) }))} current={metric} />
            <Segmented label="Group by" testIdPrefix="group" options={(Object.keys(GROUP_BYS) as GroupBy[]).map((g) => ({ id: g, label: GROUP_BYS[g], href: href({ group: g }) }))} current={groupBy} />
          </div>
          {can(ctx.role, "activity.export") ? <ExportPanel key={groupBy} account={segment} query={exportQuery} defaultGroupBy={groupBy} /> : null}
        </div>
        {activeFilters.length ? (
          <div className="flex flex-wrap items-center gap-2 border-b border-border px-4 py-2 text-xs" data-testid="activity-filters">
            <span className="text-muted">Filtered to</span>
            {activeFilters.map(([k, v]) => (
              <Link key={k} href={href({ [k]: undefined })} scroll={false} className="inline-flex items-center gap-1 rounded-full bg-brand-50 px-2 py-0.5 text-brand-700 hover:bg-brand-100 dark:bg-brand-500/15 dark:text-brand-100">
                {GROUP_BYS[k]}: {k === groupBy ? (report.labels.get(v) ?? v) : v || "(none)"} <X className="h-3 w-3" />
              </Link>
            ))}
          </div>
        ) : null}
        {totals.requests === 0 ? (
          <div className="p-4">
            <EmptyState icon={<TriangleAlert className="h-5 w-5" />} title="No usage in this period">
              Requests through the gateway appear here within a second. Try a longer period{activeFilters.length ? " or remove the filters" : ""}.
            </EmptyState>
          </div>
        ) : (
          <div className="p-4">
            <div className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted" data-testid="activity-legend">
              {series.map((s) => (
                <span key={s.dataKey} className="inline-flex items-center gap-1.5">
                  <span className="h-2.5 w-2.5 rounded-sm" style={{ background: s.color }} aria-hidden />
                  {s.label}
                </span>
              ))}
            </div>
            <UsageChart testId="activity-chart" rows={stacked.rows} series={series} metric={metric} ticks={activityTicks(window)} stepMs={window.stepMs} />
          </div>
        )}
      </Card>

      {rows.length ? (
        <Card className="mt-6 overflow-x-auto">
          <div className="border-b border-border px-4 py-3">
            <h2 className="font-semibold">By {GROUP_BYS[groupBy].toLowerCase()}</h2>
            <p className="text-xs text-muted">Totals over the period. Click a column to sort, a row to show only it.</p>
          </div>
          <GroupsTable rows={rows} groupLabel={GROUP_BYS[groupBy]} />
        </Card>
      ) : null}
    </>
  );
}

function PeriodNav({ current, hrefFor }: { current: ActivityPeriod; hrefFor: (p: ActivityPeriod) => string }) {
  return (
    <nav aria-label="Period" className="inline-flex rounded-lg border border-border bg-surface p-0.5 shadow-sm">
      {(Object.keys(ACTIVITY_PERIODS) as ActivityPeriod[]).map((p) => (
        <Link
          key={p}
          href={hrefFor(p)}
          aria-current={p === current ? "page" : undefined}
          data-testid={`period-${p}`}
          className={cn("rounded-md px-3 py-1.5 text-sm font-medium", p === current ? "bg-brand-600 text-white shadow-sm" : "text-muted hover:bg-black/5 hover:text-fg dark:hover:bg-white/10")}
        >
          {p}
        </Link>
      ))}
      {current === "custom" ? <span className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white" aria-current="page" data-testid="period-custom">Custom</span> : null}
    </nav>
  );
}

function Segmented({ label, options, current, testIdPrefix }: { label: string; options: { id: string; label: string; href: string }[]; current: string; testIdPrefix: string }) {
  return (
    <div className="flex items-center gap-2 text-sm">
      <span className="text-muted">{label}</span>
      <nav aria-label={label} className="inline-flex rounded-md border border-border p-0.5 text-xs">
        {options.map((o) => (
          <Link
            key={o.id}
            href={o.href}
            scroll={false}
            aria-current={o.id === current ? "true" : undefined}
            data-testid={`${testIdPrefix}-${o.id}`}
            className={o.id === current ? "rounded bg-black/5 px-2 py-1 font-medium text-fg dark:bg-white/10" : "rounded px-2 py-1 text-muted hover:text-fg"}
          >
            {o.label}
          </Link>
        ))}
      </nav>
    </div>
  );
}

function Stat({ label, icon: Icon, value, delta, testId, children }: { label: string; icon: React.ComponentType<{ className?: string }>; value: string; delta: number | null | undefined; testId: string; children: React.ReactNode }) {
  return (
    <Card className="p-5">
      <div className="flex items-center justify-between text-sm text-muted">
        {label} <Icon className="h-4 w-4" />
      </div>
      <p className="mt-2 flex items-baseline gap-2">
        <span className="text-2xl font-semibold tabular-nums" data-testid={testId}>
          {value}
        </span>
        {delta === undefined ? null : (
          <span className={cn("text-xs font-medium", delta === null ? "text-muted" : delta > 0 ? "text-emerald-600" : delta < 0 ? "text-red-600" : "text-muted")} data-testid={`${testId}-change`} title="Against the previous period of the same length">
            {delta === null ? "new" : `${delta > 0 ? "+" : ""}${(delta * 100).toFixed(delta !== 0 && Math.abs(delta) < 0.1 ? 1 : 0)}%`}
          </span>
        )}
      </p>
      <p className="mt-1 truncate text-xs text-muted">{children}</p>
    </Card>
  );
}
