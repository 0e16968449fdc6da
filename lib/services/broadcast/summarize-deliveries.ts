import { db } from "../../db";
import { assertCan, type Ctx } from "../context";

export type DeliverySummary = { delivered: number; retrying: number; pending: number; failed: number; lastError: string | null };

/** Per destination of the account: counts by delivery status and the latest error still unresolved. */
export async function summarizeDeliveries({ ctx }: { ctx: Ctx }): Promise<Map<string, DeliverySummary>> {
  assertCan(ctx, "broadcast.read");
  const client = await db();
  const accountId = ctx.account.id;
  const [groups, retrying, errors] = await Promise.all([
    client.traceDelivery.groupBy({ by: ["destinationId", "status"], where: { accountId }, _count: { _all: true } }),
    client.traceDelivery.groupBy({ by: ["destinationId"], where: { accountId, status: "pending", attempts: { gt: 0 } }, _count: { _all: true } }),
    client.traceDelivery.findMany({
      where: { accountId, status: { in: ["pending", "failed"] }, lastError: { not: null } },
      orderBy: { updatedAt: "desc" },
      distinct: ["destinationId"],
      select: { destinationId: true, lastError: true },
    }),
  ]);
  const out = new Map<string, DeliverySummary>();
  const get = (id: string) => out.get(id) ?? out.set(id, { delivered: 0, retrying: 0, pending: 0, failed: 0, lastError: null }).get(id)!;
  for (const g of groups) {
    const s = get(g.destinationId);
    if (g.status === "delivered") s.delivered = g._count._all;
    else if (g.status === "failed") s.failed = g._count._all;
    else s.pending += g._count._all;
  }
  for (const r of retrying) {
    const s = get(r.destinationId);
    s.retrying = r._count._all;
    s.pending -= r._count._all;
  }
  for (const e of errors) get(e.destinationId).lastError = e.lastError;
  return out;
}
