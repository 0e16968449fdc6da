import { Badge, Table, TBody, TD, TH, THead } from "@/components/ui/table";
import { formatUsd } from "@/lib/money";

const KIND = { TOP_UP: ["Top-up", "green"], ADJUSTMENT: ["Adjustment", "amber"], USAGE: ["Usage", "gray"] } as const;
const DATETIME = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export type LedgerEntry = {
  id: string;
  kind: keyof typeof KIND;
  amountMicros: bigint;
  balanceAfterMicros: bigint;
  note: string | null;
  createdAt: Date;
  actorKeyId: string | null;
  actor: { name: string | null; email: string } | null;
  account?: { name: string };
};

/** Credit entries: an account's ledger, or (with `showAccount`) the operator's instance-wide one. */
export function LedgerTable({ entries, showAccount = false, testId }: { entries: LedgerEntry[]; showAccount?: boolean; testId: string }) {
  return (
    <Table data-testid={testId}>
      <THead>
        <tr>
          <TH>When</TH>
          {showAccount ? <TH>Account</TH> : null}
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
            {showAccount ? <TD>{e.account?.name}</TD> : null}
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
  );
}
