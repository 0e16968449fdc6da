"use server";

import { publicAction } from "@/lib/api/action";
import { passwordResetLinkSchema, resetPasswordSchema, signUpSchema } from "@/lib/validations/auth";
import { requestPasswordReset } from "@/lib/services/password-resets/issue-password-reset";
import { resetPassword } from "@/lib/services/password-resets/reset-password";
import { signUpUser } from "@/lib/services/users/sign-up-user";

const signUp = publicAction(signUpSchema, async (input) => {
  const user = await signUpUser({ input });
  return { id: user.id };
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
