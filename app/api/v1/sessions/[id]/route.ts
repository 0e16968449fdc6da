// DELETE /api/v1/sessions/{id} – sign one of your sessions out (it ends on its next request)
import { route } from "@/lib/api/handler";
import { sessionCaller } from "@/lib/services/context";
import { revokeSession } from "@/lib/services/sessions/revoke-sessions";

export const DELETE = route({ sessionOnly: true }, async ({ ctx, params }) => {
  await revokeSession({ ctx: { userId: sessionCaller(ctx).userId }, sessionId: params.id });
  return { deleted: true };
});
