import { z } from "zod";
import { usdAmountSchema } from "../money";
import { paginationSchema } from "./pagination";

const nameSchema = z.string().trim().min(1, "Give the guardrail a name.").max(100, "Use at most 100 characters.");
/** Model slugs ("openai/gpt-4o-mini") or provider slugs ("openai"), stored lower-cased; null = unrestricted. */
const slugListSchema = z
  .array(z.string().trim().min(1, "An empty entry.").max(200).transform((s) => s.toLowerCase()), { error: "Send a list of slugs." })
  .max(1000, "At most 1000 entries.")
  .transform((list) => [...new Set(list)])
  .nullable();

export const guardrailResetSchema = z.enum(["daily", "weekly", "monthly"], { error: "reset_interval must be daily, weekly or monthly." });

// Fields of the OpenRouter guardrail that Tollgate does not enforce: refused when they would ask
// for something, so a client never believes a filter is active when it is not.
const UNSUPPORTED = [
  "allowed_data_regions",
  "enforce_zdr_anthropic",
  "enforce_zdr_openai",
  "enforce_zdr_google",
  "enforce_zdr_xai",
  "enforce_zdr_other",
  "enable_free_model_publication",
  "enable_free_model_training",
  "enable_paid_model_training",
  "content_filters",
  "content_filter_builtins",
] as const;
const unsupported = Object.fromEntries(UNSUPPORTED.map((k) => [k, z.unknown().optional()])) as Record<(typeof UNSUPPORTED)[number], z.ZodOptional<z.ZodUnknown>>;
const asksForSomething = (v: unknown) => v !== undefined && v !== null && v !== false && !(Array.isArray(v) && v.length === 0);

const fields = {
  name: nameSchema,
  description: z.string().trim().max(1000, "Use at most 1000 characters.").nullable().optional(),
  limit_usd: usdAmountSchema.refine((n) => n >= 0, "A budget cannot be negative.").nullable().optional(),
  reset_interval: guardrailResetSchema.nullable().optional(),
  include_byok_in_budgets: z.boolean().optional(),
  allowed_models: slugListSchema.optional(),
  ignored_models: slugListSchema.optional(),
  allowed_providers: slugListSchema.optional(),
  ignored_providers: slugListSchema.optional(),
  enforce_zdr: z.boolean().nullable().optional(),
  ...unsupported,
};

function refuseUnsupported(value: Record<string, unknown>, ctx: z.RefinementCtx) {
  for (const key of UNSUPPORTED) {
    if (asksForSomething(value[key])) ctx.addIssue({ code: "custom", path: [key], message: `${key} is not supported by Tollgate: leave it out or send null.` });
  }
}

export const createGuardrailSchema = z.object({ ...fields, workspace_id: z.string().min(1).optional() }).superRefine(refuseUnsupported);
export type CreateGuardrailInput = z.input<typeof createGuardrailSchema>;

export const updateGuardrailSchema = z.object({ ...fields, name: nameSchema.optional() }).superRefine(refuseUnsupported);
export type UpdateGuardrailInput = z.input<typeof updateGuardrailSchema>;

export const listGuardrailsSchema = paginationSchema.extend({ workspace_id: z.string().min(1).optional() });
export type ListGuardrailsQuery = z.input<typeof listGuardrailsSchema>;

const ids = (field: string) => z.array(z.string().trim().min(1), { error: `Send ${field} as a list.` }).min(1, `Send at least one of ${field}.`).max(500, "At most 500 at a time.");
export const keyHashesSchema = z.object({ key_hashes: ids("key_hashes") });
export const memberUserIdsSchema = z.object({ member_user_ids: ids("member_user_ids") });
export type KeyHashesInput = z.input<typeof keyHashesSchema>;
export type MemberUserIdsInput = z.input<typeof memberUserIdsSchema>;

export const effectivePolicyQuerySchema = z
  .object({ key_hash: z.string().min(1).optional(), user_id: z.string().min(1).optional() })
  .refine((q) => (q.key_hash === undefined) !== (q.user_id === undefined), "Send either key_hash or user_id.");
export type EffectivePolicyQuery = z.input<typeof effectivePolicyQuerySchema>;
