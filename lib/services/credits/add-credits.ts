import { requireInstanceAdmin } from "../../authz/instance-admin";
import { topUpSchema, type TopUpInput } from "../../validations/credits";
import type { Ctx } from "../context";
import { grantCredits, GRANT_ONLY_OPERATOR } from "./grant-credits";

/** A top-up of the account the caller acts in: the instance operator's grant (see grant-credits.ts). */
export async function addCredits({ ctx, input }: { ctx: Ctx; input: TopUpInput }) {
  await requireInstanceAdmin(ctx, GRANT_ONLY_OPERATOR);
  const { amount, note } = topUpSchema.parse(input);
  return grantCredits({ ctx, accountId: ctx.account.id, input: { amount, note }, kind: "TOP_UP" });
}
