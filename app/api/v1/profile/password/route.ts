// POST /api/v1/profile/password – change your password { current_password, new_password }; your other sessions end
import { route } from "@/lib/api/handler";
import { sessionCaller } from "@/lib/services/context";
import { changePassword } from "@/lib/services/users/profile";
import { changePasswordSchema } from "@/lib/validations/auth";

export const POST = route({ sessionOnly: true, body: changePasswordSchema }, async ({ ctx, body }) => {
  const { userId, sessionId } = sessionCaller(ctx);
  const { revokedSessions } = await changePassword({ ctx: { userId }, currentSessionId: sessionId, input: body });
  return { data: { revoked_sessions: revokedSessions } };
});
