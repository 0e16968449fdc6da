import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { InstanceCredits } from "@/components/instance/instance-credits";
import { LedgerTable } from "@/components/credits/ledger-table";
import { getPageContext } from "@/lib/auth/page-context";
import { isInstanceAdmin } from "@/lib/authz/instance-admin";
import { formatUsd } from "@/lib/money";
import { accountSegment } from "@/lib/services/context";
import { listAccountBalances } from "@/lib/services/instance/list-account-balances";
import { listCreditGrants } from "@/lib/services/instance/list-credit-grants";
import { getInstanceCreditSettings } from "@/lib/services/instance/update-credit-settings";

export const metadata: Metadata = { title: "Instance credits" };

export default async function InstanceCreditsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  if (!(await isInstanceAdmin(ctx))) notFound();
  const [accounts, { entries, total }, settings] = await Promise.all([listAccountBalances({ ctx }), listCreditGrants({ ctx, limit: 100 }), getInstanceCreditSettings({ ctx })]);
  const segment = accountSegment(ctx.account);
  return (
    <>
      <Link href={`/${segment}/settings`} className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
        <ArrowLeft className="h-4 w-4" /> Settings
      </Link>
      <PageHeader title="Instance credits" description="As the operator of this Tollgate you grant credits to accounts; they cannot top themselves up." />
      <InstanceCredits
        account={segment}
        settings={settings}
        accounts={accounts.map((a) => ({
          id: a.id,
          name: a.name,
          type: a.type === "ORGANIZATION" ? "organization" : "personal",
          ownerEmail: a.personalOwner?.email ?? null,
          balance: formatUsd(a.creditBalanceMicros),
        }))}
      />
      <Card className="overflow-x-auto">
        <div className="border-b border-border px-4 py-3">
          <h2 className="font-semibold">Grants</h2>
          <p className="text-xs text-muted">{total} grant{total === 1 ? "" : "s"} to all accounts, newest first. Times in UTC.</p>
        </div>
        <LedgerTable entries={entries} showAccount testId="instance-grants" />
      </Card>
    </>
  );
}
