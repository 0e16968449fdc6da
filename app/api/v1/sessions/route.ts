// GET /api/v1/sessions – the signed-in user's live sessions (device, address, created, last seen, current)
import { route } from "@/lib/api/handler";
import { sessionCaller } from "@/lib/services/context";
import { listSessions, type SessionView } from "@/lib/services/sessions/list-sessions";

const toSessionResponse = (s: SessionView) => ({
  id: s.id,
  user_agent: s.userAgent,
  ip: s.ip,
  created_at: s.createdAt.toISOString(),
  last_seen_at: s.lastSeenAt.toISOString(),
  is_current: s.isCurrent,
});

export const GET = route({ sessionOnly: true }, async ({ ctx }) => {
  const { userId, sessionId } = sessionCaller(ctx);
  return { data: (await listSessions({ ctx: { userId }, currentSessionId: sessionId })).map(toSessionResponse) };
});
