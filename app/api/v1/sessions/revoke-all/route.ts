// POST /api/v1/sessions/revoke-all – sign out everywhere: every session of yours ends, this one too
import { route } from "@/lib/api/handler";
import { sessionCaller } from "@/lib/services/context";
import { revokeAllSessions } from "@/lib/services/sessions/revoke-sessions";

export const POST = route({ sessionOnly: true }, async ({ ctx }) => {
  return { data: await revokeAllSessions({ ctx: { userId: sessionCaller(ctx).userId } }) };
});
