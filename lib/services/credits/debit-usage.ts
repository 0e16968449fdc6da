// Credits' metering sink: what the batch's generations cost, debited from each account's credit pool
// with one USAGE ledger entry per account and batch. Accounts in id order (the budgets sink locked
// them in that order already). An account deleted meanwhile (on any instance) is skipped.
import type { GenerationRecord } from "../../metering/record";
import type { MeteringSink } from "../../metering/sink";

function debits(batch: readonly GenerationRecord[]) {
  const byAccount = new Map<string, { micros: bigint; requests: number }>();
  for (const r of batch) {
    if (r.costMicros <= 0n) continue;
    const d = byAccount.get(r.accountId) ?? { micros: 0n, requests: 0 };
    d.micros += r.costMicros;
    d.requests += 1;
    byAccount.set(r.accountId, d);
  }
  return [...byAccount].sort(([a], [b]) => a.localeCompare(b));
}

export const creditDebitSink: MeteringSink<void> = {
  name: "credits",
  async write(tx, batch) {
    for (const [accountId, d] of debits(batch)) {
      const [account] = await tx.$queryRaw<{ credit_balance_micros: bigint }[]>`
        UPDATE accounts SET credit_balance_micros = credit_balance_micros - ${d.micros}::bigint, updated_at = now() WHERE id = ${accountId} RETURNING credit_balance_micros`;
      if (!account) continue; // the account was deleted meanwhile
      await tx.creditEntry.create({
        data: { accountId, kind: "USAGE", amountMicros: -d.micros, balanceAfterMicros: BigInt(account.credit_balance_micros), note: `Usage: ${d.requests} request${d.requests === 1 ? "" : "s"}` },
      });
    }
  },
};
