"use server";

import { publicAction } from "@/lib/api/action";
import { AppError } from "@/lib/api/errors";
import { signUpSchema } from "@/lib/validations/auth";
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
