import type { Tx } from "../../db";
import { AppError } from "../../api/errors";
import type { CreditEntryKind } from "../../generated/prisma/enums";
import { microsToUsd } from "../../money";

export type CreditEntryInput = {
  accountId: string;
  kind: CreditEntryKind;
  amountMicros: bigint;
  note: string | null;
  actorUserId: string | null;
  actorKeyId?: string | null;
};

/**
 * Moves the pool's balance and writes the ledger entry, atomically: the balance changes in a single
 * conditional UPDATE (never read-then-write), so concurrent entries cannot lose each other or
 * push the pool below zero. A credit always lands: with the pool switched off, usage can take a
 * balance below zero, and a grant must still be able to raise it.
 */
export async function postCreditEntry(tx: Tx, { accountId, kind, amountMicros, note, actorUserId, actorKeyId = null }: CreditEntryInput) {
  const moved = await tx.account.updateMany({
    where: amountMicros >= 0n ? { id: accountId } : { id: accountId, creditBalanceMicros: { gte: -amountMicros } },
    data: { creditBalanceMicros: { increment: amountMicros } },
  });
  if (moved.count === 0) {
    const { creditBalanceMicros } = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { creditBalanceMicros: true } });
    throw new AppError("bad_request", `This would take the balance below $0 (it is $${microsToUsd(creditBalanceMicros).toFixed(2)}).`, {
      balance: microsToUsd(creditBalanceMicros),
    });
  }
  const { creditBalanceMicros } = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { creditBalanceMicros: true } });
  return tx.creditEntry.create({
    data: { accountId, kind, amountMicros, balanceAfterMicros: creditBalanceMicros, note, actorUserId, actorKeyId },
    include: { actor: { select: { id: true, name: true, email: true } } },
  });
}
