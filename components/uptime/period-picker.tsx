import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { UPTIME_PERIODS, type UptimePeriod } from "@/lib/charts/uptime.prepare";

/** Links, not state: the period lives in the URL (?period=), so it can be shared and reloaded. */
export function PeriodPicker({ current, hrefFor }: { current: UptimePeriod; hrefFor: Record<UptimePeriod, string> }) {
  return (
    <nav aria-label="Period" className="inline-flex rounded-lg border border-border bg-surface p-0.5 shadow-sm">
      {(Object.keys(UPTIME_PERIODS) as UptimePeriod[]).map((p) => (
        <Link
          key={p}
          href={hrefFor[p]}
          aria-current={p === current ? "page" : undefined}
          title={`Last ${UPTIME_PERIODS[p].label}`}
          data-testid={`period-${p}`}
          className={cn(
            "rounded-md px-3 py-1.5 text-sm font-medium transition-colors",
            p === current ? "bg-brand-600 text-white shadow-sm" : "text-muted hover:bg-black/5 hover:text-fg dark:hover:bg-white/10",
          )}
        >
          {p}
        </Link>
      ))}
    </nav>
  );
}
