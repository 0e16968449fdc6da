// POST /api/v1/credits/top-ups – add credits { amount (USD), note? } (the instance operator only), 201
import { created, route } from "@/lib/api/handler";
import { toCreditEntryResponse } from "@/lib/api/responses";
import { topUpSchema } from "@/lib/validations/credits";
import { addCredits } from "@/lib/services/credits/add-credits";

export const POST = route({ keyKind: "MANAGEMENT", instanceAdmin: true, body: topUpSchema }, async ({ ctx, body }) => {
  return created({ data: toCreditEntryResponse(await addCredits({ ctx, input: body })) });
});
