import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";
import { BalanceCard } from "@/components/credits/balance-card";
import { CreditsActions } from "@/components/credits/credits-actions";
import { Badge, Table, TBody, TD, TH, THead } from "@/components/ui/table";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import { formatUsd, microsToUsd } from "@/lib/money";
import { getCredits } from "@/lib/services/credits/get-credits";
import { listCreditEntries } from "@/lib/services/credits/list-credit-entries";
import { accountSegment } from "@/lib/services/context";

export const metadata: Metadata = { title: "Credits" };

const KIND = { TOP_UP: ["Top-up", "green"], ADJUSTMENT: ["Adjustment", "amber"], USAGE: ["Usage", "gray"] } as const;
const DATETIME = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function CreditsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  if (!can(ctx.role, "billing.read")) return <AreaGate segment={account} permission="billing.read">{null}</AreaGate>;
  const [credits, { entries, total }] = await Promise.all([getCredits({ ctx }), listCreditEntries({ ctx, limit: 100 })]);
  return (
    <>
      <PageHeader
        title="Credits"
        description="The shared credit pool: usage by every key in this account is paid from it."
        actions={can(ctx.role, "billing.write") ? <CreditsActions account={accountSegment(ctx.account)} threshold={microsToUsd(credits.lowBalanceThresholdMicros)} /> : null}
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
          <p className="px-4 py-6 text-sm text-muted">No entries yet. Add credits to fund usage.</p>
        ) : (
          <Table data-testid="ledger">
            <THead>
              <tr>
                <TH>When</TH>
                <TH>Kind</TH>
                <TH className="text-right">Amount</TH>
                <TH className="text-right">Balance after</TH>
                <TH>Who</TH>
                <TH>Note</TH>
              </tr>
            </THead>
            <TBody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <TD className="whitespace-nowrap text-muted">{DATETIME.format(e.createdAt)}</TD>
                  <TD>
                    <Badge tone={KIND[e.kind][1]}>{KIND[e.kind][0]}</Badge>
                  </TD>
                  <TD className={`text-right font-medium tabular-nums ${e.amountMicros < 0n ? "text-red-600 dark:text-red-400" : ""}`}>{formatUsd(e.amountMicros)}</TD>
                  <TD className="text-right tabular-nums text-muted">{formatUsd(e.balanceAfterMicros)}</TD>
                  <TD className="text-muted">{e.actor?.name ?? e.actor?.email ?? (e.actorKeyId ? "API key" : "—")}</TD>
                  <TD className="max-w-xs truncate text-muted">{e.note ?? ""}</TD>
                </tr>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
    </>
  );
}
