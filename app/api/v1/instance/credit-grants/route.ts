// GET /api/v1/instance/credit-grants – the operator's ledger of credits granted to every account (offset/limit, account_id?)
import { route } from "@/lib/api/handler";
import { toCreditGrantResponse } from "@/lib/api/responses";
import { listCreditGrantsQuery } from "@/lib/validations/credits";
import { listCreditGrants } from "@/lib/services/instance/list-credit-grants";

export const GET = route({ keyKind: "MANAGEMENT", instanceAdmin: true, query: listCreditGrantsQuery }, async ({ ctx, query }) => {
  const { entries, total } = await listCreditGrants({ ctx, offset: query.offset, limit: query.limit, accountId: query.account_id });
  return { data: entries.map(toCreditGrantResponse), total_count: total };
});
