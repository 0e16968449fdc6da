import type { Tx } from "../../db";
import { AppError } from "../../api/errors";
import type { CreditEntryKind } from "../../generated/prisma/enums";
import { microsToUsd } from "../../money";
import type { Ctx } from "../context";

/**
 * Moves the pool's balance and writes the ledger entry, atomically: the balance changes in a single
 * conditional UPDATE (never read-then-write), so concurrent entries cannot lose each other or
 * push the pool below zero.
 */
export async function postCreditEntry(
  tx: Tx,
  { ctx, kind, amountMicros, note }: { ctx: Ctx; kind: CreditEntryKind; amountMicros: bigint; note: string | null },
) {
  const moved = await tx.account.updateMany({
    where: { id: ctx.account.id, creditBalanceMicros: { gte: -amountMicros } },
    data: { creditBalanceMicros: { increment: amountMicros } },
  });
  if (moved.count === 0) {
    const { creditBalanceMicros } = await tx.account.findUniqueOrThrow({ where: { id: ctx.account.id }, select: { creditBalanceMicros: true } });
    throw new AppError("bad_request", `This would take the balance below $0 (it is $${microsToUsd(creditBalanceMicros).toFixed(2)}).`, {
      balance: microsToUsd(creditBalanceMicros),
    });
  }
  const { creditBalanceMicros } = await tx.account.findUniqueOrThrow({ where: { id: ctx.account.id }, select: { creditBalanceMicros: true } });
  return tx.creditEntry.create({
    data: {
      accountId: ctx.account.id,
      kind,
      amountMicros,
      balanceAfterMicros: creditBalanceMicros,
      note,
      actorUserId: ctx.actorUserId,
      actorKeyId: ctx.caller.kind === "apiKey" ? ctx.caller.keyId : null,
    },
  });
}
