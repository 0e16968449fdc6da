import { notFound } from "../../api/errors";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import type { CreditEntryKind } from "../../generated/prisma/enums";
import { usdToMicros } from "../../money";
import { creditGrantSchema, type CreditGrantInput } from "../../validations/credits";
import type { Ctx } from "../context";
import { mutation } from "../mutation";
import { postCreditEntry } from "./post-credit-entry";

export const GRANT_ONLY_OPERATOR = "Only the instance operator grants credits. Ask them for a top-up; Admins see the pool, its ledger and alerts.";

/**
 * Credits come from the instance operator (User.isInstanceAdmin), never from the account itself: a
 * self-hosted instance has no payment processor, so an account that could top itself up would have
 * no limit at all. The entry lands in the account's ledger (who, when, running balance), which the
 * operator's instance-wide ledger reads too, and an audit event in the account.
 */
export async function grantCredits({ ctx, accountId, input, kind }: { ctx: Ctx; accountId: string; input: CreditGrantInput; kind?: CreditEntryKind }) {
  await requireInstanceAdmin(ctx, GRANT_ONLY_OPERATOR);
  const { amount, note } = creditGrantSchema.parse(input);
  const entryKind = kind ?? (amount > 0 ? "TOP_UP" : "ADJUSTMENT");
  return mutation({ ctx }, async ({ tx, audit, emit }) => {
    const account = await tx.account.findUnique({ where: { id: accountId }, select: { id: true } });
    if (!account) throw notFound("Account not found.");
    const entry = await postCreditEntry(tx, {
      accountId,
      kind: entryKind,
      amountMicros: usdToMicros(amount),
      note: note || null,
      actorUserId: ctx.actorUserId,
      actorKeyId: ctx.caller.kind === "apiKey" ? ctx.caller.keyId : null,
    });
    // The gateway's view of the balance (account state) refreshes at once.
    emit({ kind: "account", accountId });
    await audit({
      accountId,
      action: entryKind === "TOP_UP" ? "credits.top_up" : "credits.adjust",
      targetType: "credit_entry",
      targetId: entry.id,
      metadata: { amount_usd: amount, note: note ?? null, by_instance_operator: true },
    });
    return entry;
  });
}
