import { z } from "zod";
import { API_FORMATS } from "../gateway/providers/types";

const nonEmpty = <T extends object>(v: T) => Object.values(v).some((x) => x !== undefined);
const NOTHING_TO_CHANGE = "Send at least one field to change.";

export const providerSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters.")
  .max(40, "Use at most 40 characters.")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens, e.g. my-vllm.")
  .refine((s) => !s.startsWith("sandbox"), "Names starting with sandbox are kept for the built-in Sandbox providers.");

const providerNameSchema = z.string().trim().min(1, "Enter a name.").max(80, "Use at most 80 characters.");

/** An OpenAI-compatible base URL (…/v1): the gateway POSTs to <base_url>/chat/completions. */
export const baseUrlSchema = z
  .url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL, e.g. http://127.0.0.1:8000/v1." })
  .max(500, "Use at most 500 characters.")
  .transform((u) => u.replace(/\/+$/, ""));

const timeoutSchema = z
  .number({ error: "timeout_ms must be a number of milliseconds." })
  .int("Use whole milliseconds.")
  .min(1_000, "At least 1000 ms.")
  .max(600_000, "At most 600000 ms (10 minutes).");

/** The provider's wire format (lib/gateway/providers/<format>/). */
export const apiFormatSchema = z.enum(API_FORMATS, { error: `api_format must be one of ${API_FORMATS.join(", ")}.` });

/** Azure OpenAI's api-version (e.g. 2024-10-21, or v1 for Azure's v1 route). */
const apiVersionSchema = z.string().trim().regex(/^(v1|\d{4}-\d{2}-\d{2}(-preview)?)$/, "Use an api-version such as 2024-10-21, 2025-04-01-preview or v1.");

/** A provider's API key: set or replace with a string, clear with null. Never returned. */
const apiKeySchema = z.string().trim().min(1, "Enter the key, or send null to clear it.").max(1000, "Use at most 1000 characters.");

export const createProviderSchema = z
  .object({
    slug: providerSlugSchema,
    name: providerNameSchema,
    base_url: baseUrlSchema,
    api_format: apiFormatSchema.optional(),
    api_version: apiVersionSchema.nullable().optional(),
    api_key: apiKeySchema.nullable().optional(),
    timeout_ms: timeoutSchema.optional(),
    retains_data: z.boolean().optional(),
    trains_on_data: z.boolean().optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.api_format === "bedrock" && v.api_key) bedrockKeyIssue(v.api_key, ctx);
  });
export type CreateProviderInput = z.input<typeof createProviderSchema>;

/** A Bedrock provider's key is its AWS credentials as JSON (lib/gateway/providers/bedrock). */
function bedrockKeyIssue(key: string, ctx: z.RefinementCtx) {
  try {
    const c = JSON.parse(key) as { accessKeyId?: unknown; secretAccessKey?: unknown };
    if (typeof c?.accessKeyId === "string" && typeof c.secretAccessKey === "string") return;
  } catch {
    /* reported below */
  }
  ctx.addIssue({ code: "custom", path: ["api_key"], message: 'For Bedrock, enter the AWS credentials as JSON: {"accessKeyId":"…","secretAccessKey":"…","sessionToken":"…","region":"us-east-1"}.' });
}

export const updateProviderSchema = z
  .object({
    name: providerNameSchema.optional(),
    base_url: baseUrlSchema.optional(),
    api_format: apiFormatSchema.optional(),
    api_version: apiVersionSchema.nullable().optional(),
    api_key: apiKeySchema.nullable().optional(),
    timeout_ms: timeoutSchema.optional(),
    retains_data: z.boolean().optional(),
    trains_on_data: z.boolean().optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine(nonEmpty, NOTHING_TO_CHANGE);
export type UpdateProviderInput = z.input<typeof updateProviderSchema>;

/** USD per million tokens, as the catalog page shows prices. */
const priceSchema = z
  .number({ error: "Enter a price in USD per million tokens." })
  .finite()
  .min(0, "A price cannot be negative.")
  .max(100_000, "At most $100,000 per million tokens.")
  .refine((n) => Math.abs(n * 1_000_000 - Math.round(n * 1_000_000)) < 1e-6, "Use at most 6 decimal places.");

const contextLengthSchema = z.number({ error: "Enter a number of tokens." }).int("Use a whole number of tokens.").min(1).max(100_000_000);

export const modelSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(120, "Use at most 120 characters.")
  .regex(/^[a-z0-9][a-z0-9._-]*\/[a-z0-9][a-z0-9._:-]*$/, "Use author/model, e.g. meta-llama/llama-3.1-8b-instruct.");

const endpointFields = {
  upstream_model: z.string().trim().min(1, "Enter the model id the provider expects.").max(200, "Use at most 200 characters."),
  prompt_price: priceSchema,
  completion_price: priceSchema,
  cached_price: priceSchema.nullable(),
  context_length: contextLengthSchema,
  enabled: z.boolean(),
  supports_tools: z.boolean(),
};

export const createEndpointSchema = z
  .object({
    model_slug: modelSlugSchema,
    /** Needed when the model is new; ignored for an existing model. */
    model_name: z.string().trim().min(1, "Enter a name.").max(120, "Use at most 120 characters.").optional(),
    upstream_model: endpointFields.upstream_model,
    prompt_price: endpointFields.prompt_price,
    completion_price: endpointFields.completion_price,
    cached_price: endpointFields.cached_price.optional(),
    /** The endpoint's context length; for a new model also the model's. Defaults to the model's. */
    context_length: endpointFields.context_length.optional(),
    enabled: endpointFields.enabled.optional(),
    supports_tools: endpointFields.supports_tools.optional(),
  })
  .strict();
export type CreateEndpointInput = z.input<typeof createEndpointSchema>;

export const updateEndpointSchema = z
  .object({
    upstream_model: endpointFields.upstream_model.optional(),
    prompt_price: endpointFields.prompt_price.optional(),
    completion_price: endpointFields.completion_price.optional(),
    cached_price: endpointFields.cached_price.optional(),
    context_length: endpointFields.context_length.optional(),
    enabled: endpointFields.enabled.optional(),
    supports_tools: endpointFields.supports_tools.optional(),
  })
  .strict()
  .refine(nonEmpty, NOTHING_TO_CHANGE);
export type UpdateEndpointInput = z.input<typeof updateEndpointSchema>;
