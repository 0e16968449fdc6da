// GET /api/v1/audit-events – the account's activity feed (who did what, when); ?actor=&action=&offset=&limit=
import { route } from "@/lib/api/handler";
import { toAuditEventResponse } from "@/lib/api/responses";
import { auditQuerySchema } from "@/lib/validations/members";
import { listAuditEvents } from "@/lib/services/audit/list-audit-events";

export const GET = route({ keyKind: "MANAGEMENT", permission: "audit.read", query: auditQuerySchema }, async ({ ctx, query }) => {
  const { events, total, actions } = await listAuditEvents({ ctx, query });
  return { data: events.map(toAuditEventResponse), total_count: total, actions };
});
