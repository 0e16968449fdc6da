import type { UptimeStatus } from "@/lib/charts/uptime.prepare";
import { cn } from "@/components/ui/cn";

export const STATUS_META: Record<UptimeStatus, { label: string; dot: string; text: string; hint: string }> = {
  operational: { label: "Operational", dot: "bg-emerald-500", text: "text-emerald-700 dark:text-emerald-300", hint: "99% or more of requests succeeded in this period." },
  degraded: { label: "Degraded", dot: "bg-amber-500", text: "text-amber-700 dark:text-amber-300", hint: "Between 90% and 99% of requests succeeded in this period." },
  down: { label: "Down", dot: "bg-red-500", text: "text-red-700 dark:text-red-300", hint: "Fewer than 90% of requests succeeded in this period." },
  circuit_open: {
    label: "Circuit open",
    dot: "bg-red-500 animate-pulse",
    text: "text-red-700 dark:text-red-300",
    hint: "Right now: after repeated failures the gateway skips this endpoint for 30 s, then tries one request.",
  },
  no_traffic: { label: "No traffic", dot: "bg-slate-300 dark:bg-slate-600", text: "text-muted", hint: "No requests in this period: availability unknown." },
};

export function StatusDot({ status, className }: { status: UptimeStatus; className?: string }) {
  const meta = STATUS_META[status];
  return (
    <span className={cn("relative inline-flex h-2.5 w-2.5 shrink-0", className)} aria-hidden>
      {status === "operational" || status === "circuit_open" ? <span className={cn("absolute inset-0 rounded-full opacity-30", meta.dot, "scale-[1.8]")} /> : null}
      <span className={cn("relative inline-flex h-2.5 w-2.5 rounded-full", meta.dot)} />
    </span>
  );
}

/** The status in words, small, for under a name: "Operational", "Circuit open · 1 of 2 endpoints". */
export function StatusText({ status, detail, testId }: { status: UptimeStatus; detail?: string; testId?: string }) {
  const meta = STATUS_META[status];
  return (
    <span className={cn("block whitespace-nowrap text-xs font-medium", meta.text)} title={meta.hint} data-testid={testId} data-status={status}>
      {meta.label}
      {detail ? <span className="font-normal text-muted"> · {detail}</span> : null}
    </span>
  );
}
