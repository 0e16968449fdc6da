import { ChevronRight, KeyRound } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/page-context";
import { can, ROLE_LABELS } from "@/lib/authz/permissions";
import { OrganizationSettings } from "@/components/settings/organization-settings";
import { accountSegment } from "@/lib/services/context";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  const isOrg = ctx.account.type === "ORGANIZATION";
  const rows = [
    ["Name", isOrg ? ctx.account.name : "Personal"],
    ["Type", isOrg ? "Organization" : "Personal account"],
    ["URL", `/${accountSegment(ctx.account)}`],
    ["Account ID", ctx.account.id],
    ["Your role", ROLE_LABELS[ctx.role]],
  ];
  return (
    <>
      <PageHeader title="Settings" description="Account details and organization management." />
      <Card>
        <dl className="divide-y divide-border" data-testid="account-details">
          {rows.map(([label, value]) => (
            <div key={label} className="grid grid-cols-3 gap-4 px-5 py-3 text-sm">
              <dt className="text-muted">{label}</dt>
              <dd className="col-span-2 break-all font-medium">{value}</dd>
            </div>
          ))}
        </dl>
      </Card>
      {can(ctx.role, "providers.read") ? (
        <Link href={`/${accountSegment(ctx.account)}/settings/providers`} className="mt-6 block" data-testid="settings-providers">
          <Card className="flex items-center gap-4 p-5 transition-colors hover:bg-black/[0.02] dark:hover:bg-white/[0.03]">
            <div className="rounded-full bg-brand-50 p-2.5 text-brand-600 dark:bg-brand-500/10">
              <KeyRound className="h-5 w-5" />
            </div>
            <div className="flex-1">
              <h2 className="font-semibold">Providers</h2>
              <p className="text-sm text-muted">Bring your own provider keys (OpenAI, Anthropic, Groq…): order, fallbacks, and whether shared capacity may be used.</p>
            </div>
            <ChevronRight className="h-5 w-5 text-muted" />
          </Card>
        </Link>
      ) : null}
      {isOrg && (can(ctx.role, "account.write") || can(ctx.role, "account.delete")) ? (
        <div className="mt-6">
          <OrganizationSettings
            account={accountSegment(ctx.account)}
            name={ctx.account.name}
            canRename={can(ctx.role, "account.write")}
            canDelete={can(ctx.role, "account.delete")}
          />
        </div>
      ) : null}
    </>
  );
}
