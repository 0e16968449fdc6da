import { db } from "../../db";
import { assertCan, type Ctx } from "../context";

export async function listMembers({ ctx, offset = 0, limit = 50 }: { ctx: Ctx; offset?: number; limit?: number }) {
  assertCan(ctx, "members.read");
  const client = await db();
  const where = { accountId: ctx.account.id };
  const [total, rows] = await Promise.all([
    client.membership.count({ where }),
    client.membership.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: offset,
      take: limit,
      select: {
        role: true,
        createdAt: true,
        user: { select: { id: true, email: true, name: true, lastActiveAt: true } },
      },
    }),
  ]);
  return { total, members: rows.map((m) => ({ ...m.user, role: m.role, joinedAt: m.createdAt })) };
}
