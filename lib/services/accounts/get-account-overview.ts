import { db } from "../../db";
import { assertCan, type Ctx } from "../context";

export async function getAccountOverview({ ctx }: { ctx: Ctx }) {
  assertCan(ctx, "account.read");
  const client = await db();
  const [memberCount, apiKeyCount] = await Promise.all([
    client.membership.count({ where: { accountId: ctx.account.id } }),
    client.apiKey.count({ where: { accountId: ctx.account.id, disabled: false } }),
  ]);
  return { memberCount, apiKeyCount };
}
