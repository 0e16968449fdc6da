import { db } from "../../db";
import { listDestinationsSchema } from "../../validations/broadcast";
import { assertCan, type Ctx } from "../context";

/** The account's destinations, oldest first, never their secrets. */
export async function listDestinations({ ctx, input = {} }: { ctx: Ctx; input?: Record<string, unknown> }) {
  assertCan(ctx, "broadcast.read");
  const query = listDestinationsSchema.parse(input);
  if (query.workspace_id !== undefined && query.workspace_id !== ctx.account.id) return { destinations: [], total: 0 };
  const where = { accountId: ctx.account.id };
  const client = await db();
  const [total, destinations] = await Promise.all([
    client.broadcastDestination.count({ where }),
    client.broadcastDestination.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }], skip: query.offset, take: query.limit, omit: { secretsCiphertext: true } }),
  ]);
  return { destinations, total };
}
