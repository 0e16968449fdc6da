// POST /api/v1/credits/adjustments – a signed correction { amount (USD, ±), note } (the instance operator only), 201
import { created, route } from "@/lib/api/handler";
import { toCreditEntryResponse } from "@/lib/api/responses";
import { adjustmentSchema } from "@/lib/validations/credits";
import { adjustCredits } from "@/lib/services/credits/adjust-credits";

export const POST = route({ keyKind: "MANAGEMENT", instanceAdmin: true, body: adjustmentSchema }, async ({ ctx, body }) => {
  return created({ data: toCreditEntryResponse(await adjustCredits({ ctx, input: body })) });
});
