"use client";

import { Activity, Gauge, HeartPulse, History, KeyRound, LayoutDashboard, Radio, ScrollText, Settings, ShieldCheck, Users, Wallet } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { areaPathOf, type AreaId } from "@/lib/navigation/areas";

const ICONS: Record<AreaId, React.ComponentType<{ className?: string }>> = {
  overview: LayoutDashboard,
  activity: Activity,
  logs: ScrollText,
  uptime: HeartPulse,
  keys: KeyRound,
  guardrails: ShieldCheck,
  members: Users,
  credits: Wallet,
  audit: History,
  broadcast: Radio,
  settings: Settings,
};

export type NavItem = { id: AreaId; label: string; path: string };

export function SideNav({ segment, items, onNavigate }: { segment: string; items: NavItem[]; onNavigate?: () => void }) {
  const active = areaPathOf(usePathname());
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5">
      {items.map((item) => {
        const Icon = ICONS[item.id] ?? Gauge;
        const isActive = item.path === active;
        return (
          <Link
            key={item.id}
            href={item.path ? `/${segment}/${item.path}` : `/${segment}`}
            onClick={onNavigate}
            aria-current={isActive ? "page" : undefined}
            data-testid={`nav-${item.id}`}
            className={cn(
              "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium transition-colors",
              isActive ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-100" : "text-muted hover:bg-black/5 hover:text-fg dark:hover:bg-white/5",
            )}
          >
            <Icon className="h-4 w-4" />
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
