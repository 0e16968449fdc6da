import { db } from "../../db";
import type { Prisma } from "../../generated/prisma/client";
import { assertCan, type Ctx } from "../context";

const ACTOR = { actor: { select: { id: true, name: true, email: true } } } as const;
const WITH_ACCOUNT = { ...ACTOR, account: { select: { id: true, name: true, type: true, slug: true } } } as const;

/** A page of credit entries, newest first, with who made each one (and, for the instance ledger, to which account). */
export async function pageCreditEntries<I extends typeof ACTOR | typeof WITH_ACCOUNT>(where: Prisma.CreditEntryWhereInput, include: I, offset: number, limit: number) {
  const client = await db();
  const [total, entries] = await Promise.all([
    client.creditEntry.count({ where }),
    client.creditEntry.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], skip: offset, take: limit, include }),
  ]);
  return { total, entries };
}

export { WITH_ACCOUNT as CREDIT_ENTRY_WITH_ACCOUNT };

/** The ledger, newest first, with who made each entry. */
export async function listCreditEntries({ ctx, offset = 0, limit = 50 }: { ctx: Ctx; offset?: number; limit?: number }) {
  assertCan(ctx, "billing.read");
  return pageCreditEntries({ accountId: ctx.account.id }, ACTOR, offset, limit);
}
