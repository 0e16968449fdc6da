import { Activity, Gauge, HeartPulse, Server, Timer } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { TimeSeriesChart, type ChartSeries } from "@/components/charts/time-series-chart";
import { seriesColor } from "@/components/charts/palette";
import { AreaGate } from "@/components/shell/area-gate";
import { Card, PageHeader } from "@/components/ui/card";
import { Badge, Table, TBody, TD, TH, THead } from "@/components/ui/table";
import { ModelPicker } from "@/components/uptime/model-picker";
import { PeriodPicker } from "@/components/uptime/period-picker";
import { StatusDot, StatusText } from "@/components/uptime/status";
import { UptimeStrip } from "@/components/uptime/uptime-strip";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import {
  hasIsolatedPoints,
  parseUptimePeriod,
  percentAxis,
  timeTicks,
  toChartRows,
  UPTIME_PERIODS,
  uptimeStrip,
  type SeriesPoint,
  type UptimePeriod,
  type UptimeStats,
  type UptimeStatus,
} from "@/lib/charts/uptime.prepare";
import { env } from "@/lib/env";
import { formatCount, formatMs, formatPercent, formatRelative, formatThroughput } from "@/lib/format";
import { accountSegment } from "@/lib/services/context";
import { getUptime, type UptimeReport } from "@/lib/services/uptime/get-uptime";

export const metadata: Metadata = { title: "Uptime" };

const ALL_MODELS = "all";
const STRIP_SLICES: Record<UptimePeriod, number> = { "1h": 12, "24h": 48, "7d": 42 };
const RANGE = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

type Line = { key: string; label: string; color: string; points: SeriesPoint[] };

export default async function UptimePage({ params, searchParams }: { params: Promise<{ account: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  if (!can(ctx.role, "account.read")) return <AreaGate segment={account} permission="account.read">{null}</AreaGate>;
  const sp = await searchParams;
  const period = parseUptimePeriod(sp.period);
  const report = await getUptime({ ctx, period });
  const segment = accountSegment(ctx.account);
  const base = `/${segment}/uptime`;
  const model = typeof sp.model === "string" && report.models.some((m) => m.slug === sp.model) ? sp.model : ALL_MODELS;
  const href = (p: UptimePeriod, m: string) => `${base}?${new URLSearchParams({ period: p, ...(m === ALL_MODELS ? {} : { model: m }) })}`;
  const periodHrefs = Object.fromEntries((Object.keys(UPTIME_PERIODS) as UptimePeriod[]).map((p) => [p, href(p, model)])) as Record<UptimePeriod, string>;

  const header = (
    <PageHeader
      title="Uptime"
      description="Response times, error rates and availability of every provider, measured on the requests this instance's gateway sends."
      actions={<PeriodPicker current={period} hrefFor={periodHrefs} />}
    />
  );

  if (!report.lastTrafficAt) {
    return (
      <>
        {header}
        <FirstRequest origin={await publicOrigin()} keysHref={`/${segment}/keys`} />
      </>
    );
  }

  const hasTraffic = report.overall.requests > 0;
  // One colour per provider whatever the period or model (the catalog's order, not the traffic's).
  const colors = new Map(report.providers.map((p) => p.slug).sort().map((slug, i) => [slug, seriesColor(i)]));
  const lines: Line[] =
    model === ALL_MODELS
      ? report.providers.filter((p) => p.stats.requests > 0).map((p, i) => ({ key: `s${i}`, label: p.name, color: colors.get(p.slug)!, points: p.series }))
      : report.endpoints
          .filter((e) => e.modelSlug === model && e.stats.requests > 0)
          .map((e, i) => ({ key: `s${i}`, label: e.providerName, color: colors.get(e.providerSlug)!, points: e.series }));
  const ticks = timeTicks({ from: report.from, to: report.to, period });
  const availabilityRows = toChartRows(lines, ["availability"]);
  const trafficked = report.providers.filter((p) => p.stats.requests > 0 || p.openCircuits > 0);
  const operational = trafficked.filter((p) => p.status === "operational").length;

  return (
    <>
      {header}
      <p className="-mt-3 mb-5 text-xs text-muted" data-testid="uptime-range">
        {RANGE.format(report.from)} – {RANGE.format(report.to)} UTC · {report.stepMs >= 3_600_000 ? "hourly" : "5-minute"} points
      </p>

      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Availability" icon={HeartPulse} value={formatPercent(report.overall.availability)} testId="stat-availability">
          {hasTraffic ? `${formatCount(report.overall.errors)} failed of ${formatCount(report.overall.requests)}` : "No requests in this period"}
        </Stat>
        <Stat label="Requests" icon={Activity} value={formatCount(report.overall.requests)} testId="stat-requests">
          Attempts in the last {UPTIME_PERIODS[period].label}
        </Stat>
        <Stat label="Latency p50" icon={Timer} value={formatMs(report.overall.latencyP50)} testId="stat-latency">
          p95 {formatMs(report.overall.latencyP95)} · TTFT {formatMs(report.overall.ttftP50)}
        </Stat>
        <Stat label="Providers operational" icon={Server} value={trafficked.length ? `${operational} / ${trafficked.length}` : "—"} testId="stat-providers">
          {trafficked.length ? "Of those with traffic" : "No provider had traffic"}
        </Stat>
      </div>

      {!hasTraffic ? <QuietPeriod report={report} hrefFor={(p) => href(p, ALL_MODELS)} /> : null}

      <Card className="mt-6 overflow-x-auto">
        <SectionTitle title="Providers" subtitle="Status over the selected period; an open circuit is live." />
        <ProvidersTable report={report} period={period} />
      </Card>

      {hasTraffic ? (
        <Card className="mt-6">
          <div className="flex flex-col gap-3 border-b border-border px-4 py-3 sm:flex-row sm:items-center sm:justify-between">
            <div>
              <h2 className="font-semibold">Performance</h2>
              <p className="text-xs text-muted">{model === ALL_MODELS ? "All models, per provider." : `${report.models.find((m) => m.slug === model)?.name ?? model}, per provider.`} Times in UTC.</p>
            </div>
            <ModelPicker
              value={model}
              options={[{ value: ALL_MODELS, label: "All models", href: href(period, ALL_MODELS) }, ...report.models.map((m) => ({ value: m.slug, label: m.slug, href: href(period, m.slug) }))]}
            />
          </div>
          <div className="grid gap-x-8 gap-y-8 p-4 lg:grid-cols-2">
            <TimeSeriesChart
              title="Latency"
              legend={<Legend lines={lines} note="solid p50 · dashed p95" />}
              modes={[
                { id: "p50", label: "p50", suffixes: ["_latencyP50"] },
                { id: "p95", label: "p95", suffixes: ["_latencyP95"] },
                { id: "both", label: "Both", suffixes: ["_latencyP50", "_latencyP95"] },
              ]}
              defaultMode={lines.length > 2 ? "p50" : "both"}
              testId="chart-latency"
              syncId="uptime"
              unit="ms"
              ticks={ticks}
              stepMs={report.stepMs}
              rows={toChartRows(lines, ["latencyP50", "latencyP95"])}
              series={lines.flatMap((l): ChartSeries[] => [
                { dataKey: `${l.key}_latencyP50`, label: `${l.label} p50`, color: l.color, dots: hasIsolatedPoints(l.points, "latencyP50") },
                { dataKey: `${l.key}_latencyP95`, label: `${l.label} p95`, color: l.color, dashed: true, dots: hasIsolatedPoints(l.points, "latencyP95") },
              ])}
            />
            <TimeSeriesChart
              title="Availability"
              legend={<Legend lines={lines} note="share of requests that succeeded" />}
              testId="chart-availability"
              syncId="uptime"
              unit="percent"
              yAxisSpec={percentAxis(availabilityRows, 90)}
              ticks={ticks}
              stepMs={report.stepMs}
              rows={availabilityRows}
              series={lines.map((l) => ({ dataKey: `${l.key}_availability`, label: l.label, color: l.color, dots: hasIsolatedPoints(l.points, "availability") }))}
            />
            <TimeSeriesChart
              title="Error rate"
              legend={<Legend lines={lines} note="failed attempts, including those a fallback recovered" />}
              testId="chart-errors"
              syncId="uptime"
              unit="percent"
              ticks={ticks}
              stepMs={report.stepMs}
              yAxisSpec={percentAxis([], 0)}
              rows={toChartRows(lines, ["errorRate"])}
              series={lines.map((l) => ({ dataKey: `${l.key}_errorRate`, label: l.label, color: l.color, dots: hasIsolatedPoints(l.points, "errorRate") }))}
            />
            <TimeSeriesChart
              title="Requests"
              legend={<Legend lines={lines} note="stacked per provider" />}
              kind="bar"
              testId="chart-requests"
              syncId="uptime"
              unit="count"
              ticks={ticks}
              stepMs={report.stepMs}
              rows={toChartRows(lines, ["requests"])}
              series={lines.map((l) => ({ dataKey: `${l.key}_requests`, label: l.label, color: l.color }))}
            />
          </div>
        </Card>
      ) : null}

      {report.endpoints.length ? (
        <Card className="mt-6 overflow-x-auto">
          <SectionTitle title="Model endpoints" subtitle="Each provider serving each model, with traffic in this period or an open circuit." />
          <Table data-testid="uptime-endpoints">
            <THead>
              <tr>
                <TH>Model</TH>
                <TH>Provider</TH>
                <MetricHeads />
              </tr>
            </THead>
            <TBody>
              {report.endpoints.map((e) => (
                <tr key={e.endpointId} data-testid={`endpoint-row-${e.modelSlug}-${e.providerSlug}`}>
                  <TD className="max-w-72 truncate font-mono text-xs" title={e.modelName}>
                    {e.modelSlug}
                  </TD>
                  <TD className="whitespace-nowrap">
                    <ProviderCell name={e.providerName} status={e.status} />
                  </TD>
                  <MetricCells stats={e.stats} />
                </tr>
              ))}
            </TBody>
          </Table>
        </Card>
      ) : null}
    </>
  );
}

function ProvidersTable({ report, period }: { report: UptimeReport; period: UptimePeriod }) {
  return (
    <Table data-testid="uptime-providers">
      <THead>
        <tr>
          <TH>Provider</TH>
          <TH>Uptime</TH>
          <MetricHeads />
        </tr>
      </THead>
      <TBody>
        {report.providers.map((p) => {
          const quiet = p.stats.requests === 0 && p.openCircuits === 0;
          return (
            <tr key={p.slug} data-testid={`provider-row-${p.slug}`} className={quiet ? "text-muted" : undefined}>
              <TD className="whitespace-nowrap">
                <ProviderCell
                  name={p.name}
                  status={p.status}
                  isSandbox={p.isSandbox}
                  statusTestId={`provider-status-${p.slug}`}
                  detail={p.openCircuits > 0 && p.endpointCount > 1 ? `${p.openCircuits} of ${p.endpointCount} endpoints` : undefined}
                />
              </TD>
              <TD>
                <UptimeStrip slices={uptimeStrip(p.series, STRIP_SLICES[period])} testId={`provider-strip-${p.slug}`} />
              </TD>
              <MetricCells stats={p.stats} testIdPrefix={`provider-${p.slug}`} />
            </tr>
          );
        })}
      </TBody>
    </Table>
  );
}

function ProviderCell({ name, status, isSandbox, detail, statusTestId }: { name: string; status: UptimeStatus; isSandbox?: boolean; detail?: string; statusTestId?: string }) {
  return (
    <div className="flex items-center gap-3">
      <StatusDot status={status} />
      <div className="min-w-0">
        <div className="flex items-center gap-2">
          <span className={status === "no_traffic" ? undefined : "font-medium text-fg"}>{name}</span>
          {isSandbox ? <Badge tone="brand">Sandbox</Badge> : null}
        </div>
        <StatusText status={status} detail={detail} testId={statusTestId} />
      </div>
    </div>
  );
}

function MetricHeads() {
  return (
    <>
      <TH className="px-3 text-right">Availability</TH>
      <TH className="px-3 text-right" title="Latency to the response, median">p50</TH>
      <TH className="px-3 text-right" title="Latency to the response, 95th percentile">p95</TH>
      <TH className="px-3 text-right" title="Time to first token (streamed requests), median">TTFT</TH>
      <TH className="px-3 text-right" title="Output tokens per second of generation">Throughput</TH>
      <TH className="px-3 text-right">Requests</TH>
    </>
  );
}

function MetricCells({ stats, testIdPrefix }: { stats: UptimeStats; testIdPrefix?: string }) {
  const id = (name: string) => (testIdPrefix ? `${testIdPrefix}-${name}` : undefined);
  const cell = "whitespace-nowrap px-3 text-right tabular-nums";
  return (
    <>
      <TD className={`${cell} font-medium`} data-testid={id("availability")}>
        {formatPercent(stats.availability)}
      </TD>
      <TD className={cell}>{formatMs(stats.latencyP50)}</TD>
      <TD className={cell}>{formatMs(stats.latencyP95)}</TD>
      <TD className={cell}>{formatMs(stats.ttftP50)}</TD>
      <TD className={cell}>{formatThroughput(stats.throughput)}</TD>
      <TD className={cell} data-testid={id("requests")}>
        {formatCount(stats.requests)}
      </TD>
    </>
  );
}

function Stat({ label, icon: Icon, value, testId, children }: { label: string; icon: React.ComponentType<{ className?: string }>; value: string; testId: string; children: React.ReactNode }) {
  return (
    <Card className="p-5">
      <div className="flex items-center justify-between text-sm text-muted">
        {label} <Icon className="h-4 w-4" />
      </div>
      <p className="mt-2 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </p>
      <p className="mt-1 truncate text-xs text-muted">{children}</p>
    </Card>
  );
}

function SectionTitle({ title, subtitle }: { title: string; subtitle: string }) {
  return (
    <div className="border-b border-border px-4 py-3">
      <h2 className="font-semibold">{title}</h2>
      <p className="text-xs text-muted">{subtitle}</p>
    </div>
  );
}

function Legend({ lines, note }: { lines: Line[]; note: string }) {
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted">
      {lines.map((l) => (
        <span key={l.key} className="inline-flex items-center gap-1.5">
          <span className="h-0.5 w-3 rounded-full" style={{ background: l.color }} aria-hidden />
          {l.label}
        </span>
      ))}
      <span className="text-muted/80">· {note}</span>
    </div>
  );
}

function QuietPeriod({ report, hrefFor }: { report: UptimeReport; hrefFor: (p: UptimePeriod) => string }) {
  const wider = (Object.keys(UPTIME_PERIODS) as UptimePeriod[]).filter((p) => UPTIME_PERIODS[p].durationMs > UPTIME_PERIODS[report.period].durationMs);
  return (
    <Card className="mt-6 flex flex-col gap-2 px-5 py-4 text-sm sm:flex-row sm:items-center sm:justify-between" data-testid="uptime-quiet">
      <p>
        <span className="font-medium">No requests in the last {UPTIME_PERIODS[report.period].label}.</span>{" "}
        <span className="text-muted">The last traffic was {report.lastTrafficAt ? formatRelative(report.lastTrafficAt) : "never"}.</span>
      </p>
      {wider.length ? (
        <span className="space-x-3">
          {wider.map((p) => (
            <Link key={p} className="font-medium text-brand-600 hover:underline" href={hrefFor(p)}>
              Show {UPTIME_PERIODS[p].label}
            </Link>
          ))}
        </span>
      ) : null}
    </Card>
  );
}

function FirstRequest({ origin, keysHref }: { origin: string; keysHref: string }) {
  const curl = [
    `curl ${origin}/api/v1/chat/completions \\`,
    `  -H "Authorization: Bearer $TOLLGATE_API_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '{"model": "sandbox/echo", "messages": [{"role": "user", "content": "hi"}]}'`,
  ].join("\n");
  return (
    <Card className="flex flex-col items-center px-6 py-14 text-center" data-testid="uptime-empty">
      <div className="rounded-full bg-brand-50 p-3 text-brand-600 dark:bg-brand-500/10">
        <Gauge className="h-5 w-5" />
      </div>
      <h2 className="mt-3 text-base font-semibold">No traffic yet</h2>
      <p className="mt-1 max-w-md text-sm text-muted">
        Make a request to <code className="rounded bg-black/5 px-1 dark:bg-white/10">sandbox/echo</code> to see data. The built-in Sandbox answers offline and costs nothing; use an
        inference key from <Link className="text-brand-600 hover:underline" href={keysHref}>API Keys</Link>.
      </p>
      <pre className="mt-5 w-full max-w-2xl overflow-x-auto rounded-lg border border-border bg-bg p-4 text-left text-xs leading-relaxed" data-testid="uptime-curl">
        <code>{curl}</code>
      </pre>
      <p className="mt-3 text-xs text-muted">Latency, errors and availability appear here within a second of the first response.</p>
    </Card>
  );
}

/** Where people reach this instance, for the example: NEXTAUTH_URL, else the request's host. */
async function publicOrigin(): Promise<string> {
  const configured = env().NEXTAUTH_URL;
  if (configured) return configured.replace(/\/$/, "");
  const h = await headers();
  return `${h.get("x-forwarded-proto") ?? "http"}://${h.get("x-forwarded-host") ?? h.get("host") ?? "localhost:3000"}`;
}
