"use server";

import { publicAction } from "@/lib/api/action";
import { AppError } from "@/lib/api/errors";
import { passwordResetLinkSchema, resetPasswordSchema, signUpSchema } from "@/lib/validations/auth";
import { requestPasswordReset } from "@/lib/services/password-resets/issue-password-reset";
import { resetPassword } from "@/lib/services/password-resets/reset-password";
import { signUpUser } from "@/lib/services/users/sign-up-user";

// A taken email gets the same answer as a new one (the form then signs in with the password given,
// which works only for the address's owner): sign-up must not tell who is registered.
const signUp = publicAction(signUpSchema, async (input) => {
  try {
    await signUpUser({ input });
  } catch (error) {
    if (!(error instanceof AppError && error.reason === "conflict")) throw error;
  }
  return { ok: true as const };
});

export async function signUpAction(input: unknown) {
  return signUp(input);
}

const requestReset = publicAction(passwordResetLinkSchema, (input) => requestPasswordReset({ input }));
const reset = publicAction(resetPasswordSchema, (input) => resetPassword({ input }));

/** "Forgot password": mails a reset link when SMTP is configured (the same answer for unknown emails). */
export async function requestPasswordResetAction(input: unknown) {
  return requestReset(input);
}

/** Sets a new password with a reset link; every session of that user ends. */
export async function resetPasswordAction(input: unknown) {
  return reset(input);
}
