// Budgets' metering sink: settles what each generation spent on the budget counters its leases were
// on (and, replayed from a journal, on the counters its dead process's leases were on), shrinks and
// releases this process's leases. Locks counters (key order), then accounts (id order).
import type { MeteringSink } from "../metering/sink";
import { releaseHoldsOf, settleBudgets } from "./budget-ledger";
import { applyLeaseSettlement, finishLeasedRecord, hasIdleLeases, planLeaseSettlement, type LeaseSettlement } from "./budget-leases";

export const budgetSink: MeteringSink<LeaseSettlement> = {
  name: "budgets",
  onRecord: (record) => finishLeasedRecord(record as Parameters<typeof finishLeasedRecord>[0]),
  plan: (batch) => planLeaseSettlement(batch as Parameters<typeof planLeaseSettlement>[0]),
  async write(tx, batch, plan) {
    await settleBudgets(tx, batch, plan);
    // Replayed records carry the leases of the process that died: what it still holds is released.
    const dead = new Set(batch.flatMap((r) => (r.counterSpend ?? []).map((c) => c.leaseId.split(":")[1])));
    for (const process of dead) if (process) await releaseHoldsOf(tx, process);
  },
  committed: (plan) => applyLeaseSettlement(plan),
  needsFlush: () => hasIdleLeases(),
};
