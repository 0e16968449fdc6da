import { db } from "../../db";
import { listGuardrailsSchema, type ListGuardrailsQuery } from "../../validations/guardrails";
import type { Ctx } from "../context";
import { guardrailScope } from "./guardrail-access";

/** The guardrails the caller may see (Admins: all of the account's; Members: those that apply to them). */
export async function listGuardrails({ ctx, input = {} }: { ctx: Ctx; input?: ListGuardrailsQuery }) {
  const where = guardrailScope(ctx);
  const query = listGuardrailsSchema.parse(input);
  if (query.workspace_id !== undefined && query.workspace_id !== ctx.account.id) return { guardrails: [], total: 0 };
  const client = await db();
  const [total, guardrails] = await Promise.all([
    client.guardrail.count({ where }),
    client.guardrail.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: query.offset,
      take: query.limit,
      include: { _count: { select: { keyAssignments: true, memberAssignments: true } } },
    }),
  ]);
  return { guardrails, total };
}
