"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { Menu, X } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { AccountSwitcher, type SwitcherAccount } from "./account-switcher";
import { Logo } from "./logo";
import { SideNav, type NavItem } from "./side-nav";
import { UserMenu } from "./user-menu";

export function AppShell({
  accounts,
  currentId,
  segment,
  navItems,
  user,
  children,
}: {
  accounts: SwitcherAccount[];
  currentId: string;
  segment: string;
  navItems: NavItem[];
  user: { name: string | null; email: string };
  children: React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  return (
    <div className="min-h-screen">
      <header className="sticky top-0 z-30 flex h-14 items-center gap-3 border-b border-border bg-surface/80 px-4 backdrop-blur">
        <Dialog.Root open={open} onOpenChange={setOpen}>
          <Dialog.Trigger className="rounded-md p-1.5 hover:bg-black/5 md:hidden dark:hover:bg-white/10" aria-label="Open navigation">
            <Menu className="h-5 w-5" />
          </Dialog.Trigger>
          <Dialog.Portal>
            <Dialog.Overlay className="fixed inset-0 z-40 bg-black/40 md:hidden" />
            <Dialog.Content className="fixed inset-y-0 left-0 z-50 w-64 border-r border-border bg-surface p-4 md:hidden">
              <div className="mb-4 flex items-center justify-between">
                <Dialog.Title asChild>
                  <span>
                    <Logo />
                  </span>
                </Dialog.Title>
                <Dialog.Close className="rounded-md p-1.5 hover:bg-black/5 dark:hover:bg-white/10" aria-label="Close navigation">
                  <X className="h-5 w-5" />
                </Dialog.Close>
              </div>
              <SideNav segment={segment} items={navItems} onNavigate={() => setOpen(false)} />
            </Dialog.Content>
          </Dialog.Portal>
        </Dialog.Root>
        <Link href={`/${segment}`} className="hidden sm:block">
          <Logo />
        </Link>
        <span className="hidden text-border sm:block">/</span>
        <AccountSwitcher accounts={accounts} currentId={currentId} />
        <div className="ml-auto flex items-center gap-3">
          <UserMenu name={user.name} email={user.email} />
        </div>
      </header>
      <div className="mx-auto flex max-w-7xl gap-8 px-4 py-6 md:px-6">
        <aside className="hidden w-52 shrink-0 md:block">
          <div className="sticky top-20">
            <SideNav segment={segment} items={navItems} />
          </div>
        </aside>
        <main className="min-w-0 flex-1" data-testid="main">
          {children}
        </main>
      </div>
    </div>
  );
}
