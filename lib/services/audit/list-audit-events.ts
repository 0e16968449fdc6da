import { db } from "../../db";
import { can } from "../../authz/permissions";
import type { AuditQuery } from "../../validations/members";
import { assertCan, type Ctx } from "../context";

/** The account's activity feed. Admins see everyone's events; others see their own. */
export async function listAuditEvents({ ctx, query }: { ctx: Ctx; query: AuditQuery }) {
  assertCan(ctx, "audit.read");
  const seesAll = can(ctx.role, "audit.read_all");
  const actorFilter = seesAll ? query.actor : (ctx.actorUserId ?? "__none__");
  const where = {
    accountId: ctx.account.id,
    ...(actorFilter ? { actorUserId: actorFilter } : {}),
    ...(query.action ? { action: query.action } : {}),
  };
  const client = await db();
  const [total, events, actions] = await Promise.all([
    client.auditEvent.count({ where }),
    client.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: query.offset,
      take: query.limit,
      include: { actor: { select: { id: true, name: true, email: true } } },
    }),
    client.auditEvent.findMany({ where: { accountId: ctx.account.id }, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } }),
  ]);
  return { total, events, actions: actions.map((a) => a.action), seesAll };
}
