import { db } from "../../db";
import { can } from "../../authz/permissions";
import type { Prisma } from "../../generated/prisma/client";
import { paginationSchema } from "../../validations/pagination";
import type { Ctx } from "../context";
import { findGuardrail, guardrailScope } from "./guardrail-access";

type Page = { limit?: number; offset?: number };

/**
 * Key assignments of one guardrail (guardrailId) or of all. Members see only the assignments of
 * their own keys.
 */
export async function listKeyAssignments({ ctx, guardrailId, input = {} }: { ctx: Ctx; guardrailId?: string; input?: Page }) {
  const scope = guardrailScope(ctx);
  const { limit, offset } = paginationSchema.parse(input);
  const client = await db();
  if (guardrailId) await findGuardrail(client, ctx, guardrailId);
  const where: Prisma.GuardrailKeyAssignmentWhereInput = {
    guardrail: scope,
    ...(guardrailId ? { guardrailId } : {}),
    ...(can(ctx.role, "guardrails.write") ? {} : { apiKey: { creatorUserId: ctx.actorUserId ?? "__nobody__" } }),
  };
  const [total, rows] = await Promise.all([
    client.guardrailKeyAssignment.count({ where }),
    client.guardrailKeyAssignment.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }], skip: offset, take: limit, include: { apiKey: { select: { hash: true, name: true, label: true } } } }),
  ]);
  return { assignments: rows, total };
}

/** Member assignments of one guardrail or of all. Members see only their own. */
export async function listMemberAssignments({ ctx, guardrailId, input = {} }: { ctx: Ctx; guardrailId?: string; input?: Page }) {
  const scope = guardrailScope(ctx);
  const { limit, offset } = paginationSchema.parse(input);
  const client = await db();
  if (guardrailId) await findGuardrail(client, ctx, guardrailId);
  const where: Prisma.GuardrailMemberAssignmentWhereInput = {
    accountId: ctx.account.id,
    guardrail: scope,
    ...(guardrailId ? { guardrailId } : {}),
    ...(can(ctx.role, "guardrails.write") ? {} : { userId: ctx.actorUserId ?? "__nobody__" }),
  };
  const [total, rows] = await Promise.all([
    client.guardrailMemberAssignment.count({ where }),
    client.guardrailMemberAssignment.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }], skip: offset, take: limit, include: { user: { select: { email: true, name: true } } } }),
  ]);
  return { assignments: rows, total };
}
