// GET /api/v1/credits/entries – the ledger, newest first (offset/limit)
import { route } from "@/lib/api/handler";
import { toCreditEntryResponse } from "@/lib/api/responses";
import { paginationSchema } from "@/lib/validations/pagination";
import { listCreditEntries } from "@/lib/services/credits/list-credit-entries";

export const GET = route({ keyKind: "MANAGEMENT", permission: "billing.read", query: paginationSchema }, async ({ ctx, query }) => {
  const { entries, total } = await listCreditEntries({ ctx, ...query });
  return { data: entries.map(toCreditEntryResponse), total_count: total };
});
