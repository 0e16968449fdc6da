import { db } from "../../db";
import { assertCan, type Ctx } from "../context";

/** The ledger, newest first, with who made each entry. */
export async function listCreditEntries({ ctx, offset = 0, limit = 50 }: { ctx: Ctx; offset?: number; limit?: number }) {
  assertCan(ctx, "billing.read");
  const client = await db();
  const where = { accountId: ctx.account.id };
  const [total, entries] = await Promise.all([
    client.creditEntry.count({ where }),
    client.creditEntry.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: offset,
      take: limit,
      include: { actor: { select: { id: true, name: true, email: true } } },
    }),
  ]);
  return { total, entries };
}
