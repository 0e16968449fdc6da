import { db } from "../../db";
import { requireInstanceAdmin } from "../../authz/instance-admin";
import { setInstanceSetting } from "../../instance-settings";
import { signUpPolicySchema, updateSignUpPolicySchema, type UpdateSignUpPolicyInput } from "../../validations/instance";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { Ctx } from "../context";
import { getSignUpPolicy } from "./sign-up-policy";

/** The operator changes who may sign up (instance admins only); audited in the account they act in. */
export async function updateSignUpPolicy({ ctx, input }: { ctx: Ctx; input: UpdateSignUpPolicyInput }) {
  await requireInstanceAdmin(ctx, "Only an instance admin can change who may sign up (the first user who signed up to this Tollgate).");
  const patch = updateSignUpPolicySchema.parse(input);
  return (await db()).$transaction(async (tx) => {
    const before = await getSignUpPolicy(tx);
    const next = signUpPolicySchema.parse({
      mode: patch.mode ?? before.mode,
      domains: patch.domains ?? (patch.mode && patch.mode !== "domains" ? [] : before.domains),
    });
    await setInstanceSetting("sign_up", next, tx);
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "instance.sign_up_policy",
      targetType: "instance",
      metadata: { from: { mode: before.mode, domains: before.domains }, to: next },
    });
    return { ...next, isDefault: false };
  });
}
