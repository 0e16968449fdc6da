import { z } from "zod";

export const SIGN_UP_MODES = ["open", "invite_only", "domains"] as const;
export type SignUpMode = (typeof SIGN_UP_MODES)[number];

const domainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, "Enter a domain such as example.com.");

/** Who may create an account (the instance setting `sign_up`); an invitation link always may. */
export const signUpPolicySchema = z
  .object({
    mode: z.enum(SIGN_UP_MODES, "Choose open, invite_only or domains."),
    domains: z.array(domainSchema).max(100).default([]).transform((d) => [...new Set(d)]),
  })
  .refine((p) => p.mode !== "domains" || p.domains.length > 0, { path: ["domains"], message: "List at least one allowed domain." });
export type SignUpPolicy = z.infer<typeof signUpPolicySchema>;

export const updateSignUpPolicySchema = z.object({
  mode: z.enum(SIGN_UP_MODES, "Choose open, invite_only or domains.").optional(),
  domains: z.array(z.string().max(253)).max(100).optional(),
});
export type UpdateSignUpPolicyInput = z.infer<typeof updateSignUpPolicySchema>;
