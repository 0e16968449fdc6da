import { z } from "zod";

const message = z.object({ role: z.string().min(1), content: z.unknown().optional() }).passthrough();

const providerPreferences = z
  .object({
    order: z.array(z.string()).nullish(),
    only: z.array(z.string()).nullish(),
    ignore: z.array(z.string()).nullish(),
    allow_fallbacks: z.boolean().nullish(),
    require_parameters: z.boolean().nullish(),
    data_collection: z.enum(["allow", "deny"]).nullish(),
    zdr: z.boolean().nullish(),
    sort: z.union([z.enum(["price", "throughput", "latency", "exacto"]), z.object({ by: z.enum(["price", "throughput", "latency", "exacto"]).nullish(), partition: z.enum(["model", "none"]).nullish() })]).nullish(),
    max_price: z.object({ prompt: z.string().optional(), completion: z.string().optional(), request: z.string().optional(), image: z.string().optional(), audio: z.string().optional() }).optional(),
  })
  .passthrough();

/** The OpenAI chat-completions request plus OpenRouter's routing fields; other fields pass through. */
export const chatRequestSchema = z
  .object({
    model: z.string().min(1).optional(),
    models: z.array(z.string().min(1)).max(10).optional(),
    messages: z.array(message).min(1, "messages must contain at least one message."),
    stream: z.boolean().optional().default(false),
    max_tokens: z.number().int().positive().optional(),
    max_completion_tokens: z.number().int().positive().optional(),
    tools: z.array(z.unknown()).optional(),
    user: z.string().max(256).optional(),
    session_id: z.string().max(256).optional(),
    provider: providerPreferences.nullish(),
  })
  .passthrough()
  .refine((b) => Boolean(b.model || b.models?.length), { message: "Give a model (or a models list).", path: ["model"] });
export type ChatRequest = z.infer<typeof chatRequestSchema>;

export const generationQuerySchema = z.object({ id: z.string().min(1, "id is required.") });
