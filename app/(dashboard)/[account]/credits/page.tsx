import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";
import { BalanceCard } from "@/components/credits/balance-card";
import { CreditsActions } from "@/components/credits/credits-actions";
import { LedgerTable } from "@/components/credits/ledger-table";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import { isInstanceAdmin } from "@/lib/authz/instance-admin";
import { formatUsd, microsToUsd } from "@/lib/money";
import { getCredits } from "@/lib/services/credits/get-credits";
import { listCreditEntries } from "@/lib/services/credits/list-credit-entries";
import { accountSegment } from "@/lib/services/context";

export const metadata: Metadata = { title: "Credits" };


export default async function CreditsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  if (!can(ctx.role, "billing.read")) return <AreaGate segment={account} permission="billing.read">{null}</AreaGate>;
  const [credits, { entries, total }, canGrant] = await Promise.all([getCredits({ ctx }), listCreditEntries({ ctx, limit: 100 }), isInstanceAdmin(ctx)]);
  const canSetAlert = can(ctx.role, "billing.write");
  return (
    <>
      <PageHeader
        title="Credits"
        description="The shared credit pool: usage by every key in this account is paid from it. Credits are granted by the instance operator."
        actions={
          canGrant || canSetAlert ? (
            <CreditsActions account={accountSegment(ctx.account)} threshold={microsToUsd(credits.lowBalanceThresholdMicros)} canGrant={canGrant} canSetAlert={canSetAlert} />
          ) : null
        }
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <BalanceCard balanceMicros={credits.balanceMicros} thresholdMicros={credits.lowBalanceThresholdMicros} isLow={credits.isLow} />
        <Card className="p-5">
          <p className="text-sm text-muted">Credits added</p>
          <p className="mt-2 text-2xl font-semibold">{formatUsd(credits.totalCreditsMicros)}</p>
        </Card>
        <Card className="p-5">
          <p className="text-sm text-muted">Usage paid</p>
          <p className="mt-2 text-2xl font-semibold">{formatUsd(credits.totalUsageMicros)}</p>
        </Card>
      </div>
      <Card className="mt-6 overflow-x-auto">
        <div className="border-b border-border px-4 py-3">
          <h2 className="font-semibold">Ledger</h2>
          <p className="text-xs text-muted">{total} entr{total === 1 ? "y" : "ies"}, newest first. Times in UTC.</p>
        </div>
        {entries.length === 0 ? (
          <p className="px-4 py-6 text-sm text-muted">No entries yet. The instance operator grants credits to fund usage.</p>
        ) : (
          <LedgerTable entries={entries} testId="ledger" />
        )}
      </Card>
    </>
  );
}
