// GET /api/v1/activity/generations/{id} – one generation for the Logs drawer: metadata, attempts, and the stored prompt/response
import { route } from "@/lib/api/handler";
import { toGenerationResponse } from "@/lib/api/responses";
import { getGeneration } from "@/lib/services/generations/get-generation";

export const GET = route({ keyKind: "MANAGEMENT", permission: "activity.read" }, async ({ ctx, params }) => {
  const g = await getGeneration({ ctx, id: params.id });
  return {
    data: {
      ...toGenerationResponse(g),
      api_key_id: g.apiKeyId ?? null,
      provider: g.providerSlug ?? null,
      // Stored only when the account logs prompts and the request was not ZDR.
      request_body: g.requestBody ?? null,
      response_body: g.responseBody ?? null,
    },
  };
});
