import type { Db, Tx } from "../../db";
import { notFound } from "../../api/errors";
import { can } from "../../authz/permissions";
import type { Prisma } from "../../generated/prisma/client";
import { assertCan, type Ctx } from "../context";

/**
 * Which guardrails the caller may see: Admins every guardrail of the account; others only those
 * that apply to them (assigned to them as a member, or to a key they created). Another account's
 * guardrail, or one that does not apply to a Member, is simply not found (404).
 */
export function guardrailScope(ctx: Ctx): Prisma.GuardrailWhereInput {
  assertCan(ctx, "guardrails.read");
  if (can(ctx.role, "guardrails.write")) return { accountId: ctx.account.id };
  const me = ctx.actorUserId ?? "__nobody__";
  return {
    accountId: ctx.account.id,
    OR: [{ memberAssignments: { some: { userId: me } } }, { keyAssignments: { some: { apiKey: { creatorUserId: me } } } }],
  };
}

export async function findGuardrail(client: Db | Tx, ctx: Ctx, id: string) {
  const guardrail = await client.guardrail.findFirst({ where: { ...guardrailScope(ctx), id } });
  if (!guardrail) throw notFound("Guardrail not found.");
  return guardrail;
}
