import { z } from "zod";
import { usdAmountSchema } from "../money";

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
