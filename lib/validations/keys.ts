import { z } from "zod";
import { usdAmountSchema } from "../money";

export const resetSchema = z.enum(["daily", "weekly", "monthly"], { error: "limit_reset must be daily, weekly or monthly." });

/** Strict ISO 8601 date-time with "Z" or an offset (API_CONTRACT §4). */
export const isoDateTimeSchema = z.iso.datetime({ offset: true, error: "Use an ISO 8601 date-time with Z or an offset, e.g. 2030-01-01T00:00:00Z." });

const limitSchema = usdAmountSchema.refine((n) => n >= 0, "A limit cannot be negative.").nullable();
const nameSchema = z.string().trim().min(1, "Give the key a name.").max(100, "Use at most 100 characters.");

export const createKeySchema = z.object({
  name: nameSchema,
  limit: limitSchema.optional(),
  limit_reset: resetSchema.nullable().optional(),
  include_byok_in_limit: z.boolean().optional(),
  expires_at: isoDateTimeSchema.nullable().optional(),
  creator_user_id: z.string().min(1).nullable().optional(),
  workspace_id: z.string().min(1).optional(),
  external: z.object({ user: z.string().min(1).max(200), api_key: z.string().min(32, "external.api_key must be at least 32 characters.").max(500).optional() }).optional(),
  /** Tollgate: "inference" (default) calls the gateway; "management" calls the management API. */
  kind: z.enum(["inference", "management"]).default("inference"),
});
export type CreateKeyInput = z.input<typeof createKeySchema>;

export const updateKeySchema = z.object({
  name: nameSchema.optional(),
  disabled: z.boolean().optional(),
  limit: limitSchema.optional(),
  limit_reset: resetSchema.nullable().optional(),
  include_byok_in_limit: z.boolean().optional(),
  /** Tollgate: move the expiry (e.g. revoke a rotated key now with the current time). */
  expires_at: isoDateTimeSchema.nullable().optional(),
});
export type UpdateKeyInput = z.input<typeof updateKeySchema>;

const booleanString = z.enum(["true", "false"]).transform((v) => v === "true");

export const listKeysQuerySchema = z.object({
  include_disabled: booleanString.optional(),
  offset: z.coerce.number().int().min(0).default(0),
  workspace_id: z.string().min(1).optional(),
});

export const MAX_OVERLAP_SECONDS = 30 * 24 * 60 * 60;

export const rotateKeySchema = z.object({
  revoke_previous_after_seconds: z
    .number()
    .int("Use whole seconds.")
    .min(0)
    .max(MAX_OVERLAP_SECONDS, "At most 30 days (2592000 seconds).")
    .nullable()
    .default(null),
});
export type RotateKeyInput = z.input<typeof rotateKeySchema>;
