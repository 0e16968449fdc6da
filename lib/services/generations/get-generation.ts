import { db } from "../../db";
import { notFound } from "../../api/errors";
import { can } from "../../authz/permissions";
import { pendingGeneration } from "../../metering/queue";
import type { Generation } from "../../generated/prisma/client";
import type { Ctx } from "../context";

/**
 * One generation of the caller's account, including one still queued for writing in this process.
 * Keys see their account's generations; people without activity.read_all only those of their keys.
 */
export async function getGeneration({ ctx, id }: { ctx: Ctx; id: string }) {
  // A queued record has the same fields as a written one (the optional ones may be absent).
  const row = (pendingGeneration(id) as unknown as Generation | undefined) ?? (await (await db()).generation.findUnique({ where: { id } }));
  if (!row || row.accountId !== ctx.account.id) throw notFound("Generation not found.");
  if (ctx.caller.kind === "user" && !can(ctx.role, "activity.read_all") && row.keyCreatorId !== ctx.actorUserId) throw notFound("Generation not found.");
  return row;
}
