import { z } from "zod";

export const updatePrivacySchema = z
  .object({
    zdr_only: z.boolean({ error: "zdr_only must be true or false." }).optional(),
    prompt_logging: z.boolean({ error: "prompt_logging must be true or false." }).optional(),
  })
  .strict()
  .refine((v) => v.zdr_only !== undefined || v.prompt_logging !== undefined, "Send zdr_only, prompt_logging or both.");
export type UpdatePrivacyInput = z.infer<typeof updatePrivacySchema>;
