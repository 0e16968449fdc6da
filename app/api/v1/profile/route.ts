// GET /api/v1/profile – the signed-in user { id, email, name, has_password, is_sso }
// PATCH /api/v1/profile – change your name { name }
import { route } from "@/lib/api/handler";
import { sessionCaller } from "@/lib/services/context";
import { getProfile, updateProfile, type Profile } from "@/lib/services/users/profile";
import { updateProfileSchema } from "@/lib/validations/auth";

const toProfileResponse = (p: Profile) => ({ id: p.id, email: p.email, name: p.name, has_password: p.hasPassword, is_sso: p.isSso });

export const GET = route({ sessionOnly: true }, async ({ ctx }) => {
  return { data: toProfileResponse(await getProfile({ ctx: { userId: sessionCaller(ctx).userId } })) };
});

export const PATCH = route({ sessionOnly: true, body: updateProfileSchema }, async ({ ctx, body }) => {
  return { data: toProfileResponse(await updateProfile({ ctx: { userId: sessionCaller(ctx).userId }, input: body })) };
});
