"use client";

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { Metric, StackedRow } from "@/lib/charts/activity.prepare";
import { formatCount } from "@/lib/format";

export type UsageSeries = { dataKey: string; label: string; color: string };

const HOUR = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
const DAY = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const DAY_HOUR = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

export function formatMetric(metric: Metric, v: number): string {
  if (metric === "spend") return v === 0 ? "$0" : v < 0.01 ? `$${v.toFixed(4)}` : `$${v.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (metric === "tokens" && v >= 1_000_000) return `${+(v / 1_000_000).toFixed(1)}M`;
  if (metric === "tokens" && v >= 10_000) return `${+(v / 1000).toFixed(1)}k`;
  return formatCount(Math.round(v));
}

/** Stacked bars of one metric per hour or day (UTC), one colour per group. Renders only. */
export function UsageChart({ rows, series, metric, ticks, stepMs, height = 280, testId }: { rows: StackedRow[]; series: UsageSeries[]; metric: Metric; ticks: number[]; stepMs: number; height?: number; testId: string }) {
  const hourly = stepMs < 86_400_000;
  return (
    <div data-testid={testId} data-series={series.map((s) => s.label).join("|")} data-points={rows.length} className="w-full min-w-0">
      <BarChart responsive style={{ width: "100%", height }} data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} barCategoryGap={hourly ? 1 : "12%"}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />
        <XAxis
          dataKey="t"
          ticks={ticks}
          interval={0}
          tickFormatter={(t: number) => (hourly && ticks.length > 1 && ticks[1] - ticks[0] < 86_400_000 ? HOUR.format(t) : DAY.format(t))}
          tick={{ fill: "var(--muted)", fontSize: 11 }}
          tickLine={false}
          axisLine={{ stroke: "var(--border)" }}
        />
        <YAxis width={64} tickFormatter={(v: number) => formatMetric(metric, v)} tick={{ fill: "var(--muted)", fontSize: 11 }} tickLine={false} axisLine={false} domain={[0, "auto"]} />
        <Tooltip
          cursor={{ fill: "var(--border)", opacity: 0.5 }}
          isAnimationActive={false}
          content={(props: TooltipContentProps) => <UsageTooltip {...props} metric={metric} hourly={hourly} stepMs={stepMs} />}
        />
        {series.map((s, i) => (
          <Bar key={s.dataKey} dataKey={s.dataKey} name={s.label} stackId="usage" fill={s.color} radius={i === series.length - 1 ? [2, 2, 0, 0] : 0} isAnimationActive={false} />
        ))}
      </BarChart>
    </div>
  );
}

function UsageTooltip({ active, payload, label, metric, hourly, stepMs }: TooltipContentProps & { metric: Metric; hourly: boolean; stepMs: number }) {
  if (!active || !payload?.length || typeof label !== "number") return null;
  const values = payload.filter((p) => typeof p.value === "number" && p.value > 0).reverse();
  const total = values.reduce((s, p) => s + (p.value as number), 0);
  return (
    <div className="min-w-48 rounded-lg border border-border bg-surface px-3 py-2 text-xs shadow-lg">
      <p className="mb-1.5 font-medium text-fg">{hourly ? `${DAY_HOUR.format(label)}–${HOUR.format(label + stepMs)}` : DAY.format(label)} UTC</p>
      {values.length === 0 ? (
        <p className="text-muted">No usage</p>
      ) : (
        <ul className="space-y-1">
          {values.map((p) => (
            <li key={String(p.dataKey)} className="flex items-center gap-2">
              <span className="h-2 w-2 shrink-0 rounded-full" style={{ background: p.color }} />
              <span className="max-w-40 truncate text-muted">{p.name}</span>
              <span className="ml-auto pl-3 font-medium tabular-nums text-fg">{formatMetric(metric, p.value as number)}</span>
            </li>
          ))}
          {values.length > 1 ? (
            <li className="flex border-t border-border pt-1 font-medium">
              <span>Total</span>
              <span className="ml-auto tabular-nums">{formatMetric(metric, total)}</span>
            </li>
          ) : null}
        </ul>
      )}
    </div>
  );
}
