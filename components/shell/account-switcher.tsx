"use client";

import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import { Building2, Check, ChevronsUpDown, Plus, User } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { switchAccountPath } from "@/lib/navigation/areas";
import { ROLE_LABELS } from "@/lib/authz/permissions";
import type { Role } from "@/lib/generated/prisma/enums";

export type SwitcherAccount = { id: string; name: string; segment: string; type: "PERSONAL" | "ORGANIZATION"; role: Role };

function AccountIcon({ type }: { type: SwitcherAccount["type"] }) {
  return type === "PERSONAL" ? <User className="h-4 w-4" /> : <Building2 className="h-4 w-4" />;
}

export function AccountSwitcher({ accounts, currentId }: { accounts: SwitcherAccount[]; currentId: string }) {
  const pathname = usePathname();
  const current = accounts.find((a) => a.id === currentId)!;
  const personal = accounts.filter((a) => a.type === "PERSONAL");
  const orgs = accounts.filter((a) => a.type === "ORGANIZATION");
  const label = (a: SwitcherAccount) => (a.type === "PERSONAL" ? "Personal" : a.name);

  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger
        data-testid="account-switcher"
        className="flex max-w-[14rem] items-center gap-2 rounded-md border border-border bg-surface px-2.5 py-1.5 text-sm font-medium shadow-sm hover:bg-black/5 dark:hover:bg-white/5"
      >
        <span className="flex h-5 w-5 shrink-0 items-center justify-center rounded bg-brand-100 text-brand-700 dark:bg-brand-500/20 dark:text-brand-100">
          <AccountIcon type={current.type} />
        </span>
        <span className="truncate">{label(current)}</span>
        <ChevronsUpDown className="h-4 w-4 shrink-0 text-muted" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="start"
          sideOffset={6}
          className="z-50 w-64 rounded-lg border border-border bg-surface p-1 text-fg shadow-lg"
        >
          {[
            { title: "Personal", items: personal },
            { title: "Organizations", items: orgs },
          ].map((group) =>
            group.items.length ? (
              <DropdownMenu.Group key={group.title}>
                <DropdownMenu.Label className="px-2 pb-1 pt-2 text-xs font-medium text-muted">{group.title}</DropdownMenu.Label>
                {group.items.map((a) => (
                  <DropdownMenu.Item key={a.id} asChild>
                    <Link
                      href={switchAccountPath(pathname, a.segment)}
                      data-testid={`switch-to-${a.segment}`}
                      className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-black/5 dark:data-[highlighted]:bg-white/10"
                    >
                      <AccountIcon type={a.type} />
                      <span className="flex-1 truncate">{label(a)}</span>
                      {a.type === "ORGANIZATION" ? <span className="text-xs text-muted">{ROLE_LABELS[a.role]}</span> : null}
                      {a.id === currentId ? <Check className="h-4 w-4 text-brand-600" /> : null}
                    </Link>
                  </DropdownMenu.Item>
                ))}
              </DropdownMenu.Group>
            ) : null,
          )}
          <DropdownMenu.Separator className="my-1 h-px bg-border" />
          <DropdownMenu.Item asChild>
            <Link
              href="/organizations/new"
              className="flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-sm outline-none data-[highlighted]:bg-black/5 dark:data-[highlighted]:bg-white/10"
            >
              <Plus className="h-4 w-4" /> Create organization
            </Link>
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
