import { db } from "../../db";
import { listByokKeysSchema, type ListByokKeysQuery } from "../../validations/byok";
import { assertCan, type Ctx } from "../context";

/** The account's provider keys, by provider then try order. Never their secrets. */
export async function listByokKeys({ ctx, input = {} }: { ctx: Ctx; input?: ListByokKeysQuery }) {
  assertCan(ctx, "providers.read");
  const query = listByokKeysSchema.parse(input);
  // Every key lives in its account's one workspace: filtering by any other finds nothing.
  if (query.workspace_id !== undefined && query.workspace_id !== ctx.account.id) return { keys: [], total: 0 };
  const where = { accountId: ctx.account.id, ...(query.provider !== undefined ? { provider: query.provider } : {}) };
  const client = await db();
  const [total, keys] = await Promise.all([
    client.byokKey.count({ where }),
    client.byokKey.findMany({
      where,
      orderBy: [{ provider: "asc" }, { sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      skip: query.offset,
      take: query.limit,
    }),
  ]);
  return { keys, total };
}
