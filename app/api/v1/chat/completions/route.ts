// POST /api/v1/chat/completions – the gateway: OpenAI/OpenRouter chat completions (API_CONTRACT §10),
// JSON or SSE, with routing, fallbacks, usage and cost. Inference keys only.
import { route } from "@/lib/api/handler";
import { dataHeader } from "@/lib/api/clean-input";
import { handleChatCompletion, toWebResponse } from "@/lib/gateway/chat-completions";
import type { KeyCtx } from "@/lib/services/api-keys/authenticate-api-key";
import { chatRequestSchema } from "@/lib/validations/chat";

export const POST = route({ keysOnly: true, keyKind: "INFERENCE", body: chatRequestSchema }, async ({ ctx, body, req }) => {
  return toWebResponse(
    await handleChatCompletion(ctx as KeyCtx, body, {
      httpReferer: dataHeader(req.headers.get("http-referer")),
      userAgent: dataHeader(req.headers.get("user-agent")),
      signal: req.signal,
    }),
  );
});
