// The gateway's side of guardrail budgets: what a request must reserve on which counters (pure),
// and a refusal that explains itself (which budget, its limit, what is used, when it resets).
import { AppError } from "../api/errors";
import type { Db } from "../db";
import { microsToUsd } from "../money";
import type { Charge, Reservation } from "./budget-ledger";
import { POOL_PREFIX } from "./budget-ledger";
import { budgetWindow, type Budget, type EffectivePolicy } from "./merge";

/** One way the request may be served, and the most it can cost there. */
export type CostCandidate = { worstCaseMicros: bigint; isByok: boolean };

/**
 * The reservation of a request: on each budget the highest worst case among the candidates that
 * count against it (BYOK candidates count only where the budget includes BYOK, never on the credit
 * pool). Null when nothing needs holding (no budget applies, or every worst case is 0).
 */
export function planReservation(policy: Pick<EffectivePolicy, "budgets">, candidates: CostCandidate[], accountId: string, now: Date, { poolEnabled = true } = {}): Reservation | null {
  const worst = (countsByok: boolean) => candidates.reduce((max, c) => (c.isByok && !countsByok ? max : c.worstCaseMicros > max ? c.worstCaseMicros : max), 0n);
  const charges: Charge[] = [];
  for (const b of policy.budgets) {
    const amountMicros = worst(b.countsByok);
    if (amountMicros <= 0n) continue;
    charges.push({ counterKey: b.counterKey, windowStart: budgetWindow(b.resetInterval, now).start, limitMicros: b.limitMicros, amountMicros, countsByok: b.countsByok });
  }
  // With the instance's credit pool off, paid models need no credits: nothing is held on the pool.
  const poolMicros = poolEnabled ? worst(false) : 0n;
  if (!charges.length && poolMicros <= 0n) return null;
  return { charges, accountId, poolMicros };
}

const usd = (micros: bigint) => `$${microsToUsd(micros).toFixed(microsToUsd(micros) !== 0 && Math.abs(microsToUsd(micros)) < 0.01 ? 6 : 2)}`;
const per = (b: Budget) => (b.resetInterval ? ` per ${b.resetInterval === "daily" ? "day" : b.resetInterval === "weekly" ? "week" : "month"}` : "");

/** The 402 for the first budget (in the policy's order, then the credit pool) that did not fit. */
export async function budgetRefusal(client: Db, policy: Pick<EffectivePolicy, "budgets">, reservation: Reservation, failed: string[], now: Date): Promise<AppError> {
  const requested = (key: string) => reservation.charges.find((c) => c.counterKey === key)?.amountMicros ?? 0n;
  const budget = policy.budgets.find((b) => failed.includes(b.counterKey));
  if (budget) {
    const window = budgetWindow(budget.resetInterval, now);
    const row = await client.budgetCounter.findUnique({ where: { key_windowStart: { key: budget.counterKey, windowStart: window.start } } });
    const used = row?.usedMicros ?? 0n;
    const held = row?.reservedMicros ?? 0n;
    const what = budget.kind === "key_limit"
      ? `This key's spending limit of ${usd(budget.limitMicros)}${per(budget)} is used up`
      : `Guardrail "${budget.guardrail!.name}" budget of ${usd(budget.limitMicros)}${per(budget)} for ${budget.entity === "key" ? "this key" : "this member"} is used up`;
    const resets = window.resetsAt ? ` It resets at ${window.resetsAt.toISOString()}.` : " It does not reset.";
    const message = `${what}: ${usd(used)} used${held > 0n ? `, ${usd(held)} held by requests in flight` : ""}, and this request may cost up to ${usd(requested(budget.counterKey))}.${resets}`;
    return new AppError("payment_required", message, {
      limit: budget.kind === "key_limit" ? "key" : "guardrail",
      ...(budget.guardrail ? { guardrail_id: budget.guardrail.id, guardrail_name: budget.guardrail.name } : {}),
      entity: budget.entity,
      limit_usd: microsToUsd(budget.limitMicros),
      used_usd: microsToUsd(used),
      reserved_usd: microsToUsd(held),
      requested_usd: microsToUsd(requested(budget.counterKey)),
      reset_interval: budget.resetInterval,
      resets_at: window.resetsAt?.toISOString() ?? null,
    });
  }
  if (!failed.includes(POOL_PREFIX + reservation.accountId)) return new AppError("payment_required", "A spending limit is used up.", { limit: "unknown" });
  const account = await client.account.findUnique({ where: { id: reservation.accountId }, select: { creditBalanceMicros: true, creditReservedMicros: true } });
  const balance = account?.creditBalanceMicros ?? 0n;
  const held = account?.creditReservedMicros ?? 0n;
  const message = balance <= 0n
    ? "The account's credit pool is empty. The instance operator can grant credits."
    : `The account's credit pool cannot cover this request: ${usd(balance)} balance${held > 0n ? `, ${usd(held)} held by requests in flight` : ""}, and this request may cost up to ${usd(reservation.poolMicros)}. Lower max_tokens, or ask the instance operator for credits.`;
  return new AppError("payment_required", message, { limit: "credit_pool", balance_usd: microsToUsd(balance), reserved_usd: microsToUsd(held), requested_usd: microsToUsd(reservation.poolMicros) });
}
