import { z } from "zod";
import { PASSWORD_MIN_LENGTH } from "../auth/password";

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(254));

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(100),
  email: emailSchema,
  password: z
    .string()
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
    .max(200, "Use at most 200 characters."),
  /** The invitation link's token: lets the invited email sign up when sign-up is not open. */
  invitationToken: z.string().max(200).optional(),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const signInSchema = z.object({ email: emailSchema, password: z.string().min(1).max(200) });
export type SignInInput = z.infer<typeof signInSchema>;

/** What an OpenID Connect provider asserts about the person signing in (ID token + userinfo claims). */
export const ssoIdentitySchema = z.object({
  subject: z.string().min(1).max(255),
  email: z.preprocess((v) => (v === "" || v === null ? undefined : v), emailSchema.optional()),
  emailVerified: z.boolean().default(false),
  name: z
    .string()
    .nullish()
    .transform((v) => v?.trim().slice(0, 100) || null),
});
export type SsoIdentityInput = z.input<typeof ssoIdentitySchema>;

const newPasswordSchema = signUpSchema.shape.password;

export const passwordResetLinkSchema = z.object({ email: emailSchema });
export type PasswordResetLinkInput = z.infer<typeof passwordResetLinkSchema>;

export const resetPasswordSchema = z.object({ token: z.string().min(1).max(200), password: newPasswordSchema });
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

export const changePasswordSchema = z.object({
  current_password: z.string().max(200).optional(),
  new_password: newPasswordSchema,
});
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const updateProfileSchema = z.object({ name: signUpSchema.shape.name });
export type UpdateProfileInput = z.infer<typeof updateProfileSchema>;
