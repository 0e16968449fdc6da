"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { LogOut, Monitor, Moon, Sun, UserCog } from "lucide-react";
import Link from "next/link";
import { signOut } from "next-auth/react";
import { useTheme } from "next-themes";

const THEMES = [
  { id: "light", label: "Light", icon: Sun },
  { id: "dark", label: "Dark", icon: Moon },
  { id: "system", label: "System", icon: Monitor },
] as const;

export function UserMenu({ name, email }: { name: string | null; email: string }) {
  const { theme, setTheme } = useTheme();
  const initials = (name ?? email)
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((p) => p[0]!.toUpperCase())
    .join("");
  const itemClass =
    "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-black/5 dark:data-[highlighted]:bg-white/10";
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        data-testid="user-menu"
        aria-label="Account menu"
        className="flex h-8 w-8 items-center justify-center rounded-full bg-brand-600 text-xs font-semibold text-white ring-offset-2 hover:ring-2 hover:ring-brand-500"
      >
        {initials}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content align="end" sideOffset={6} className="z-50 w-60 rounded-lg border border-border bg-surface p-1 text-fg shadow-lg">
          <div className="px-2 py-2">
            <p className="truncate text-sm font-medium">{name ?? email}</p>
            <p className="truncate text-xs text-muted" data-testid="user-email">
              {email}
            </p>
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.Label className="px-2 pb-1 pt-1 text-xs font-medium text-muted">Theme</DropdownMenu.Label>
          <div className="grid grid-cols-3 gap-1 px-1 pb-1">
            {THEMES.map(({ id, label, icon: Icon }) => (
              <button
                key={id}
                type="button"
                onClick={() => setTheme(id)}
                aria-pressed={theme === id}
                className="flex flex-col items-center gap-1 rounded-md border border-border py-1.5 text-xs aria-pressed:border-brand-500 aria-pressed:bg-brand-50 dark:aria-pressed:bg-brand-500/10"
              >
                <Icon className="h-4 w-4" /> {label}
              </button>
            ))}
          </div>
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.Item asChild className={itemClass}>
            <Link href="/personal/settings/profile" data-testid="user-menu-profile">
              <UserCog className="h-4 w-4" /> Profile &amp; sessions
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item className={itemClass} data-testid="sign-out" onSelect={() => signOut({ callbackUrl: "/sign-in" })}>
            <LogOut className="h-4 w-4" /> Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
