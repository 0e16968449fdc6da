// POST /api/v1/instance/accounts/{id}/credit-grants – the operator grants { amount (USD, ±), note? } to an account, 201
import { created, route } from "@/lib/api/handler";
import { toCreditEntryResponse } from "@/lib/api/responses";
import { creditGrantSchema } from "@/lib/validations/credits";
import { grantCredits } from "@/lib/services/credits/grant-credits";

export const POST = route({ keyKind: "MANAGEMENT", instanceAdmin: true, body: creditGrantSchema }, async ({ ctx, body, params }) => {
  return created({ data: toCreditEntryResponse(await grantCredits({ ctx, accountId: params.id, input: body })) });
});
