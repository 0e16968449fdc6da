import { db } from "../../db";
import { notFound } from "../../api/errors";
import { can } from "../../authz/permissions";
import { describePolicy, type EffectivePolicyView } from "../../guardrails/describe";
import { keyLimitOf, loadRules } from "../../guardrails/load-rules";
import { budgetWindow, mergePolicy } from "../../guardrails/merge";
import { effectivePolicyQuerySchema, type EffectivePolicyQuery } from "../../validations/guardrails";
import { findApiKey } from "../api-keys/get-api-key";
import { getKeyUsage, usageAgainstLimit, ZERO_USAGE } from "../api-keys/key-usage";
import { assertCan, type Ctx } from "../context";

export type EffectivePolicyResponse = EffectivePolicyView & {
  subject: { type: "key"; key_hash: string; key_name: string; key_label: string; user_id: string | null } | { type: "member"; user_id: string; email: string; name: string | null };
};

/**
 * What the gateway enforces for a key (its guardrail, its owner's member guardrails, its own limit)
 * or for a member (the baseline of all their keys), with the state of every budget now. The same
 * merge the gateway uses. Admins may ask about any key or member; others about their own.
 */
export async function getEffectivePolicy({ ctx, input, now = new Date() }: { ctx: Ctx; input: EffectivePolicyQuery; now?: Date }): Promise<EffectivePolicyResponse> {
  assertCan(ctx, "guardrails.read");
  const query = effectivePolicyQuerySchema.parse(input);
  const client = await db();
  let subject: EffectivePolicyResponse["subject"];
  let policy;
  let keyLimitUsed: bigint | undefined;
  if (query.key_hash !== undefined) {
    const key = await findApiKey(client, ctx, query.key_hash);
    const rules = await loadRules(client, ctx.account.id, key.id, key.creatorUserId);
    policy = mergePolicy(rules, keyLimitOf(key), key.creatorUserId);
    subject = { type: "key", key_hash: key.hash, key_name: key.name, key_label: key.label, user_id: key.creatorUserId };
    if (key.limitMicros !== null) keyLimitUsed = usageAgainstLimit((await getKeyUsage([key.id], now)).get(key.id) ?? ZERO_USAGE, key);
  } else {
    const userId = query.user_id!;
    if (!can(ctx.role, "guardrails.write") && userId !== ctx.actorUserId) throw notFound("Member not found.");
    const member = await client.membership.findUnique({ where: { accountId_userId: { accountId: ctx.account.id, userId } }, include: { user: { select: { email: true, name: true } } } });
    if (!member) throw notFound("Member not found.");
    policy = mergePolicy(await loadRules(client, ctx.account.id, null, userId), null, userId);
    subject = { type: "member", user_id: userId, email: member.user.email, name: member.user.name };
  }
  const windows = policy.budgets.map((b) => ({ key: b.counterKey, windowStart: budgetWindow(b.resetInterval, now).start }));
  const counters = windows.length ? await client.budgetCounter.findMany({ where: { OR: windows } }) : [];
  return { subject, ...describePolicy(policy, counters, now, { keyLimitUsed }) };
}
