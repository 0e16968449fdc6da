// GET /api/v1/generation?id= – a generation's metadata (API_CONTRACT §8): provider, model, latency, tokens, cost, attempts
import { route } from "@/lib/api/handler";
import { toGenerationResponse } from "@/lib/api/responses";
import { generationQuerySchema } from "@/lib/validations/chat";
import { getGeneration } from "@/lib/services/generations/get-generation";

export const GET = route({ permission: "activity.read", query: generationQuerySchema }, async ({ ctx, query }) => {
  return { data: toGenerationResponse(await getGeneration({ ctx, id: query.id })) };
});
