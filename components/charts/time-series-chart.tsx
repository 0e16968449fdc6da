"use client";

import { useState } from "react";
import { Bar, BarChart, CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from "recharts";
import type { ChartRow } from "@/lib/charts/uptime.prepare";
import { formatCount, formatMs, formatPercent } from "@/lib/format";

export type ChartSeries = { dataKey: string; label: string; color: string; dashed?: boolean; dots?: boolean };
/** Views of the same chart (e.g. p50, p95, both): each shows the series whose dataKey ends with one of its suffixes. */
export type ChartMode = { id: string; label: string; suffixes: string[] };
export type ChartUnit = "ms" | "percent" | "count";

const VALUE: Record<ChartUnit, (v: number) => string> = {
  ms: formatMs,
  percent: (v) => formatPercent(v / 100),
  count: formatCount,
};
const AXIS: Record<ChartUnit, (v: number) => string> = {
  ms: (v) => (v >= 1000 ? `${+(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`),
  percent: (v) => `${+v.toFixed(1)}%`,
  count: (v) => formatCount(v),
};

const TIME = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });
const DAY = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });
const DAY_TIME = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

/** A time series over one period (UTC) with its title and legend: lines per provider, or stacked bars. Renders only. */
export function TimeSeriesChart({
  title,
  legend,
  modes,
  defaultMode,
  kind = "line",
  rows,
  series,
  unit,
  ticks,
  stepMs,
  height = 240,
  testId,
  syncId,
  yAxisSpec,
}: {
  title: string;
  legend?: React.ReactNode;
  modes?: ChartMode[];
  defaultMode?: string;
  kind?: "line" | "bar";
  rows: ChartRow[];
  series: ChartSeries[];
  unit: ChartUnit;
  ticks: number[];
  stepMs: number;
  height?: number;
  testId: string;
  syncId?: string;
  /** A fixed y axis (percentages); otherwise from 0 to the data's maximum. */
  yAxisSpec?: { domain: [number, number]; ticks: number[] };
}) {
  const [modeId, setModeId] = useState(defaultMode ?? modes?.[0]?.id);
  const mode = modes?.find((m) => m.id === modeId);
  const shown = mode ? series.filter((s) => mode.suffixes.some((suffix) => s.dataKey.endsWith(suffix))) : series;
  const daily = stepMs >= 3_600_000;
  const xAxis = (
    <XAxis
      dataKey="t"
      ticks={ticks}
      interval={0}
      tickFormatter={(t: number) => (daily ? DAY.format(t) : TIME.format(t))}
      tick={{ fill: "var(--muted)", fontSize: 11 }}
      tickLine={false}
      axisLine={{ stroke: "var(--border)" }}
      minTickGap={8}
    />
  );
  const yAxis = (
    <YAxis
      width={56}
      tickFormatter={AXIS[unit]}
      tick={{ fill: "var(--muted)", fontSize: 11 }}
      tickLine={false}
      axisLine={false}
      allowDecimals={unit !== "count"}
      domain={yAxisSpec?.domain ?? [0, "auto"]}
      ticks={yAxisSpec?.ticks}
    />
  );
  const tooltip = (
    <Tooltip
      cursor={kind === "bar" ? { fill: "var(--border)", opacity: 0.5 } : { stroke: "var(--muted)", strokeDasharray: "3 3" }}
      content={(props: TooltipContentProps) => <ChartTooltip {...props} unit={unit} stepMs={stepMs} daily={daily} />}
      isAnimationActive={false}
    />
  );
  const grid = <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" vertical={false} />;
  const style = { width: "100%", height };
  const margin = { top: 8, right: 16, bottom: 0, left: 0 };
  return (
    <section data-testid={testId} className="w-full min-w-0">
      <div className="mb-2 flex items-center justify-between gap-3">
        <h3 className="text-sm font-semibold">{title}</h3>
        {modes ? (
          <div className="inline-flex rounded-md border border-border p-0.5 text-xs" role="group" aria-label={`${title}: what to show`}>
            {modes.map((m) => (
              <button
                key={m.id}
                type="button"
                aria-pressed={m.id === modeId}
                onClick={() => setModeId(m.id)}
                className={m.id === modeId ? "rounded bg-black/5 px-2 py-0.5 font-medium text-fg dark:bg-white/10" : "rounded px-2 py-0.5 text-muted hover:text-fg"}
              >
                {m.label}
              </button>
            ))}
          </div>
        ) : null}
      </div>
      {legend ? <div className="mb-2">{legend}</div> : null}
      {kind === "bar" ? (
        <BarChart responsive style={style} data={rows} margin={margin} syncId={syncId} barCategoryGap={1}>
          {grid}
          {xAxis}
          {yAxis}
          {tooltip}
          {shown.map((s, i) => (
            <Bar key={s.dataKey} dataKey={s.dataKey} name={s.label} stackId="stack" fill={s.color} radius={i === shown.length - 1 ? [2, 2, 0, 0] : 0} isAnimationActive={false} />
          ))}
        </BarChart>
      ) : (
        <LineChart responsive style={style} data={rows} margin={margin} syncId={syncId}>
          {grid}
          {xAxis}
          {yAxis}
          {tooltip}
          {shown.map((s) => (
            <Line
              key={s.dataKey}
              dataKey={s.dataKey}
              name={s.label}
              type="linear"
              stroke={s.color}
              strokeWidth={s.dashed ? 1.5 : 2}
              strokeDasharray={s.dashed ? "5 4" : undefined}
              dot={s.dots ? { r: 2.5, fill: s.color, strokeWidth: 0 } : false}
              activeDot={{ r: 4, strokeWidth: 0 }}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      )}
    </section>
  );
}

function ChartTooltip({ active, payload, label, unit, stepMs, daily }: TooltipContentProps & { unit: ChartUnit; stepMs: number; daily: boolean }) {
  if (!active || !payload?.length || typeof label !== "number") return null;
  const values = payload.filter((p) => typeof p.value === "number");
  const end = label + stepMs;
  return (
    <div className="min-w-44 rounded-lg border border-border bg-surface px-3 py-2 text-xs shadow-lg">
      <p className="mb-1.5 font-medium text-fg">
        {daily ? DAY_TIME.format(label) : TIME.format(label)}–{TIME.format(end)} UTC
      </p>
      {values.length === 0 ? (
        <p className="text-muted">No traffic</p>
      ) : (
        <ul className="space-y-1">
          {values.map((p) => (
            <li key={String(p.dataKey)} className="flex items-center gap-2">
              <span className="h-2 w-2 shrink-0 rounded-full" style={{ background: p.color }} />
              <span className="text-muted">{p.name}</span>
              <span className="ml-auto pl-3 font-medium tabular-nums text-fg">{VALUE[unit](p.value as number)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
