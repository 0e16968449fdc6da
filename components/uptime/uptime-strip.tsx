import { cn } from "@/components/ui/cn";
import { DEGRADED_AT, OPERATIONAL_AT } from "@/lib/charts/uptime.prepare";
import { formatCount, formatPercent } from "@/lib/format";

const WHEN = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

function tone(availability: number | null): string {
  if (availability === null) return "bg-slate-200 dark:bg-slate-700/70";
  if (availability >= OPERATIONAL_AT) return "bg-emerald-500";
  if (availability >= DEGRADED_AT) return "bg-amber-400";
  return "bg-red-500";
}

/** A status-page strip: one bar per slice of the period, coloured by its availability. */
export function UptimeStrip({ slices, testId }: { slices: { t: number; requests: number; availability: number | null }[]; testId?: string }) {
  return (
    <div className="flex h-6 w-32 items-stretch gap-px lg:w-36" data-testid={testId} aria-label="Availability over the period">
      {slices.map((s) => (
        <span
          key={s.t}
          className={cn("flex-1 rounded-[1px] transition-opacity hover:opacity-70", tone(s.availability))}
          title={`${WHEN.format(s.t)} UTC · ${s.availability === null ? "no traffic" : `${formatPercent(s.availability)} of ${formatCount(s.requests)} request${s.requests === 1 ? "" : "s"}`}`}
        />
      ))}
    </div>
  );
}
