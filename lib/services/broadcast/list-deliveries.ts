import { db } from "../../db";
import type { Prisma } from "../../generated/prisma/client";
import { listDeliveriesSchema, type ListDeliveriesQuery } from "../../validations/broadcast";
import { assertCan, type Ctx } from "../context";
import { getDestination } from "./get-destination";

const STATUS_WHERE: Record<string, Prisma.TraceDeliveryWhereInput> = {
  delivered: { status: "delivered" },
  failed: { status: "failed" },
  retrying: { status: "pending", attempts: { gt: 0 } },
  pending: { status: "pending", attempts: 0 },
};

/** A destination's delivery log, newest trace first, with counts per status. */
export async function listDeliveries({ ctx, id, input = {} }: { ctx: Ctx; id: string; input?: ListDeliveriesQuery }) {
  assertCan(ctx, "broadcast.read");
  const query = listDeliveriesSchema.parse(input);
  const destination = await getDestination({ ctx, id });
  const base = { destinationId: destination.id, accountId: ctx.account.id };
  const where = { ...base, ...(query.status ? STATUS_WHERE[query.status] : {}) };
  const client = await db();
  const [deliveries, groups, retrying] = await Promise.all([
    client.traceDelivery.findMany({ where, orderBy: [{ traceAt: "desc" }, { id: "asc" }], skip: query.offset, take: query.limit, omit: { payload: true } }),
    client.traceDelivery.groupBy({ by: ["status"], where: base, _count: { _all: true } }),
    client.traceDelivery.count({ where: { ...base, ...STATUS_WHERE.retrying } }),
  ]);
  const count = (s: string) => groups.find((g) => g.status === s)?._count._all ?? 0;
  const summary = { delivered: count("delivered"), failed: count("failed"), retrying, pending: count("pending") - retrying };
  const total = query.status ? summary[query.status] : summary.delivered + summary.failed + summary.retrying + summary.pending;
  return { deliveries, total, summary };
}
