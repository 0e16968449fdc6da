import { z } from "zod";
import { usdAmountSchema } from "../money";
import { paginationSchema } from "./pagination";

const note = z.string().trim().max(500, "Use at most 500 characters.");

export const topUpSchema = z.object({
  amount: usdAmountSchema.refine((n) => n > 0, "A top-up must be more than $0."),
  note: note.optional(),
});
export type TopUpInput = z.infer<typeof topUpSchema>;

export const adjustmentSchema = z.object({
  amount: usdAmountSchema.refine((n) => n !== 0, "An adjustment cannot be $0."),
  note: note.min(1, "Say why: adjustments need a note."),
});
export type AdjustmentInput = z.infer<typeof adjustmentSchema>;

export const creditSettingsSchema = z.object({
  low_balance_threshold: usdAmountSchema.refine((n) => n >= 0, "The threshold cannot be negative."),
});
export type CreditSettingsInput = z.infer<typeof creditSettingsSchema>;

/** The operator's grant to an account: positive adds; negative takes back and needs a note. */
export const creditGrantSchema = z
  .object({
    amount: usdAmountSchema.refine((n) => n !== 0, "A grant cannot be $0."),
    note: note.optional(),
  })
  .refine((g) => g.amount > 0 || Boolean(g.note), { path: ["note"], message: "Say why: taking credits back needs a note." });
export type CreditGrantInput = z.infer<typeof creditGrantSchema>;

export const listCreditGrantsQuery = paginationSchema.extend({ account_id: z.string().min(1).max(100).optional() });

export const updateInstanceCreditSettingsSchema = z
  .object({
    new_personal_grant_usd: usdAmountSchema.refine((n) => n >= 0, "The grant cannot be negative.").optional(),
    pool_enabled: z.boolean().optional(),
  })
  .strict();
export type UpdateInstanceCreditSettingsInput = z.infer<typeof updateInstanceCreditSettingsSchema>;
