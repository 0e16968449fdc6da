import { Building2, KeyRound, ShieldCheck, User, Users } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/page-context";
import { can, ROLE_LABELS } from "@/lib/authz/permissions";
import { BalanceCard } from "@/components/credits/balance-card";
import { getCredits } from "@/lib/services/credits/get-credits";
import { getAccountOverview } from "@/lib/services/accounts/get-account-overview";
import { accountSegment } from "@/lib/services/context";
import { ActivityOverview } from "@/components/activity/activity-overview";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { user, ctx } = await getPageContext(account);
  const [overview, credits] = await Promise.all([getAccountOverview({ ctx }), can(ctx.role, "billing.read") ? getCredits({ ctx }) : null]);
  const segment = accountSegment(ctx.account);
  const isOrg = ctx.account.type === "ORGANIZATION";
  const stats = [
    { label: "Members", value: overview.memberCount, icon: Users, show: isOrg },
    { label: "API keys", value: overview.apiKeyCount, icon: KeyRound, show: true },
    { label: "Your role", value: ROLE_LABELS[ctx.role], icon: ShieldCheck, show: isOrg },
  ].filter((s) => s.show);

  return (
    <>
      <PageHeader
        title={isOrg ? ctx.account.name : `Welcome, ${user.name ?? user.email}`}
        description={isOrg ? `Organization · tollgate/${segment}` : "Your personal account: keys and usage that belong to you alone."}
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {credits ? <BalanceCard balanceMicros={credits.balanceMicros} thresholdMicros={credits.lowBalanceThresholdMicros} isLow={credits.isLow} /> : null}
        {stats.map(({ label, value, icon: Icon }) => (
          <Card key={label} className="p-5">
            <div className="flex items-center justify-between text-sm text-muted">
              {label} <Icon className="h-4 w-4" />
            </div>
            <p className="mt-2 text-2xl font-semibold" data-testid={`stat-${label.toLowerCase().replace(/\s+/g, "-")}`}>
              {value}
            </p>
          </Card>
        ))}
      </div>
      <ActivityOverview ctx={ctx} segment={segment} />
      <Card className="mt-6 p-6">
        <div className="flex items-start gap-4">
          <div className="rounded-lg bg-brand-50 p-2.5 text-brand-600 dark:bg-brand-500/10">{isOrg ? <Building2 className="h-5 w-5" /> : <User className="h-5 w-5" />}</div>
          <div className="min-w-0">
            <h2 className="font-semibold">Get started</h2>
            <ol className="mt-3 list-decimal space-y-1.5 pl-5 text-sm text-muted">
              <li>Create an API key under <Link className="text-brand-600 hover:underline" href={`/${segment}/keys`}>API Keys</Link>.</li>
              <li>Point the official <code className="rounded bg-black/5 px-1 dark:bg-white/10">openai</code> or OpenRouter SDK at <code className="rounded bg-black/5 px-1 dark:bg-white/10">/api/v1</code> of this server.</li>
              <li>Set budgets and allowlists under <Link className="text-brand-600 hover:underline" href={`/${segment}/guardrails`}>Guardrails</Link>.</li>
              {isOrg ? null : (
                <li>
                  Working with a team? <Link className="text-brand-600 hover:underline" href="/organizations/new">Create an organization</Link>.
                </li>
              )}
            </ol>
          </div>
        </div>
      </Card>
    </>
  );
}
