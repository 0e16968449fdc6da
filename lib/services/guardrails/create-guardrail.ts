import { badRequest } from "../../api/errors";
import { Prisma } from "../../generated/prisma/client";
import { usdToMicros } from "../../money";
import { createGuardrailSchema, type CreateGuardrailInput } from "../../validations/guardrails";
import { recordAuditEvent } from "../audit/record-audit-event";
import { assertCan, type Ctx } from "../context";
import { toResetEnum } from "../api-keys/create-api-key";
import { mutation } from "../mutation";

const list = (v: string[] | null | undefined) => (v === undefined ? undefined : v === null ? Prisma.DbNull : v);

/** The columns of a guardrail from the wire fields that were sent (create and update share it). */
export function guardrailData(input: Omit<ReturnType<typeof createGuardrailSchema.parse>, "name" | "workspace_id"> & { name?: string }) {
  const data: Prisma.GuardrailUpdateInput = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.description !== undefined) data.description = input.description || null;
  if (input.limit_usd !== undefined) data.limitMicros = input.limit_usd === null ? null : usdToMicros(input.limit_usd);
  if (input.reset_interval !== undefined) data.resetInterval = toResetEnum(input.reset_interval);
  if (input.include_byok_in_budgets !== undefined) data.includeByokInBudgets = input.include_byok_in_budgets;
  if (input.enforce_zdr !== undefined) data.enforceZdr = input.enforce_zdr ?? false;
  for (const [wire, column] of [["allowed_models", "allowedModels"], ["ignored_models", "ignoredModels"], ["allowed_providers", "allowedProviders"], ["ignored_providers", "ignoredProviders"]] as const) {
    const value = list(input[wire]);
    if (value !== undefined) data[column] = value;
  }
  return data;
}

/** Creates a guardrail. It enforces nothing until it is assigned to keys or members. */
export async function createGuardrail({ ctx, input }: { ctx: Ctx; input: CreateGuardrailInput }) {
  assertCan(ctx, "guardrails.write");
  const parsed = createGuardrailSchema.parse(input);
  if (parsed.workspace_id !== undefined && parsed.workspace_id !== ctx.account.id) {
    throw badRequest("workspace_id must be this account's id (or left out): a guardrail belongs to the account that creates it.", { field: "workspace_id" });
  }
  const data = guardrailData(parsed);
  return mutation({ ctx }, async ({ tx, emit }) => {
    emit({ kind: "guardrail", accountId: ctx.account.id });
    const guardrail = await tx.guardrail.create({ data: { ...(data as Prisma.GuardrailUncheckedCreateInput), name: parsed.name, accountId: ctx.account.id } });
    await recordAuditEvent(tx, {
      accountId: ctx.account.id,
      actorUserId: ctx.actorUserId,
      caller: ctx.caller,
      action: "guardrail.create",
      targetType: "guardrail",
      targetId: guardrail.id,
      metadata: { name: guardrail.name, limit_usd: parsed.limit_usd ?? null, reset_interval: parsed.reset_interval ?? null },
    });
    return guardrail;
  });
}
