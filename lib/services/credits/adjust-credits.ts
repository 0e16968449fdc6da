import { requireInstanceAdmin } from "../../authz/instance-admin";
import { adjustmentSchema, type AdjustmentInput } from "../../validations/credits";
import type { Ctx } from "../context";
import { grantCredits, GRANT_ONLY_OPERATOR } from "./grant-credits";

/** A signed correction of the pool (refund, goodwill, mistake), always with a reason; the instance operator's. */
export async function adjustCredits({ ctx, input }: { ctx: Ctx; input: AdjustmentInput }) {
  await requireInstanceAdmin(ctx, GRANT_ONLY_OPERATOR);
  const { amount, note } = adjustmentSchema.parse(input);
  return grantCredits({ ctx, accountId: ctx.account.id, input: { amount, note }, kind: "ADJUSTMENT" });
}
