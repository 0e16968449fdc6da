import { db } from "../../db";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import type { Ctx } from "../context";

/** Every account of the instance (organizations and personal accounts) with its credit balance, for the operator. */
export async function listAccountBalances({ ctx }: { ctx: Ctx }) {
  await requireInstanceAdmin(ctx);
  return (await db()).account.findMany({
    orderBy: [{ type: "asc" }, { name: "asc" }, { id: "asc" }],
    take: 1000,
    select: {
      id: true,
      name: true,
      type: true,
      slug: true,
      creditBalanceMicros: true,
      lowBalanceThresholdMicros: true,
      personalOwner: { select: { email: true } },
    },
  });
}
