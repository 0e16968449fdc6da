"use server";

import { publicAction } from "@/lib/api/action";
import { signUpSchema } from "@/lib/validations/auth";
import { signUpUser } from "@/lib/services/users/sign-up-user";

const signUp = publicAction(signUpSchema, async (input) => {
  const user = await signUpUser({ input });
  return { id: user.id };
});

export async function signUpAction(input: unknown) {
  return signUp(input);
}
