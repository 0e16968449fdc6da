import { cn } from "@/components/ui/cn";

export function Logo({ size = "md" }: { size?: "md" | "lg" }) {
  return (
    <span className={cn("inline-flex items-center gap-2 font-semibold tracking-tight", size === "lg" ? "text-2xl" : "text-base")}>
      <svg viewBox="0 0 32 32" className={size === "lg" ? "h-9 w-9" : "h-7 w-7"} aria-hidden>
        <rect width="32" height="32" rx="8" className="fill-brand-600" />
        <path d="M8 11h16M16 11v13M11 7h10" stroke="#fff" strokeWidth="3" strokeLinecap="round" />
      </svg>
      Tollgate
    </span>
  );
}
