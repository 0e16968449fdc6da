import { requireInstanceAdmin } from "../../authz/instance-admin";
import type { Ctx } from "../context";
import { CREDIT_ENTRY_WITH_ACCOUNT, pageCreditEntries } from "../credits/list-credit-entries";

/**
 * The instance-wide ledger of credits granted (top-ups, adjustments, sign-up grants) to every
 * account, newest first: the same credit_entries rows the accounts' own ledgers show.
 */
export async function listCreditGrants({ ctx, offset = 0, limit = 50, accountId }: { ctx: Ctx; offset?: number; limit?: number; accountId?: string }) {
  await requireInstanceAdmin(ctx);
  return pageCreditEntries({ kind: { in: ["TOP_UP", "ADJUSTMENT"] }, ...(accountId ? { accountId } : {}) }, CREDIT_ENTRY_WITH_ACCOUNT, offset, limit);
}
