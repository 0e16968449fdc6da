import { z } from "zod";
import { paginationSchema } from "./pagination";

export const providerSlugSchema = z
  .string({ error: "Give the provider as a lowercase slug, e.g. openai." })
  .trim()
  .min(1, "Give the provider as a lowercase slug, e.g. openai.")
  .max(64, "Use at most 64 characters.")
  .regex(/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/, "The provider must be a lowercase slug (a-z, 0-9, - _ .), e.g. openai or amazon-bedrock.");

// Service-account JSON (google-vertex) runs to a few kilobytes; nothing legitimate is larger.
const secretSchema = z
  .string({ error: "The key is required." })
  .trim()
  .min(1, "The key cannot be empty.")
  .max(16_384, "The key is too long (at most 16384 characters).");

const nameSchema = z
  .string()
  .trim()
  .max(100, "Use at most 100 characters.")
  .nullable()
  .transform((n) => (n ? n : null));

const idList = (what: string) =>
  z
    .array(z.string().trim().min(1, `Each ${what} must be a non-empty string.`).max(200), { error: `Give a list of ${what}s, or null for no restriction.` })
    .max(500, `At most 500 ${what}s.`)
    .nullable()
    .transform((list) => (list ? [...new Set(list)] : null));

const flags = {
  name: nameSchema.optional(),
  disabled: z.boolean().optional(),
  is_fallback: z.boolean().optional(),
  is_required: z.boolean().optional(),
  is_byok_only: z.boolean().optional(),
  allowed_models: idList("model").optional(),
  allowed_api_key_hashes: idList("API key hash").optional(),
  allowed_user_ids: idList("user id").optional(),
  declared_zdr: z.boolean().nullable().optional(),
};

export const BYOK_ONLY_AND_FALLBACK = "A key cannot be both a fallback and \"always use this key\" (is_byok_only): a fallback is tried only after other keys.";

function notByokOnlyFallback(value: { is_fallback?: boolean; is_byok_only?: boolean }, ctx: z.RefinementCtx) {
  if (value.is_fallback && value.is_byok_only) ctx.addIssue({ code: "custom", path: ["is_byok_only"], message: BYOK_ONLY_AND_FALLBACK });
}

export const createByokKeySchema = z
  .object({
    provider: providerSlugSchema,
    key: secretSchema,
    ...flags,
    workspace_id: z.string().min(1).optional(),
  })
  .superRefine(notByokOnlyFallback);
export type CreateByokKeyInput = z.input<typeof createByokKeySchema>;

export const updateByokKeySchema = z
  .object({
    key: secretSchema.optional(), // rotates the secret
    ...flags,
    /** Position within the provider's keys (0 = tried first); the others shift to make room. */
    sort_order: z.number().int("sort_order must be an integer.").min(0, "sort_order cannot be negative.").optional(),
    // Accepted only when unchanged (a client may send back what it read); the service checks.
    provider: providerSlugSchema.optional(),
    workspace_id: z.string().min(1).optional(),
  })
  .superRefine(notByokOnlyFallback);
export type UpdateByokKeyInput = z.input<typeof updateByokKeySchema>;

export const listByokKeysSchema = paginationSchema.extend({
  provider: providerSlugSchema.optional(),
  workspace_id: z.string().min(1).optional(),
});
export type ListByokKeysQuery = z.input<typeof listByokKeysSchema>;
