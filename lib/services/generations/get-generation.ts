import { db } from "../../db";
import { notFound } from "../../api/errors";
import { can } from "../../authz/permissions";
import { pendingGeneration } from "../../metering/queue";
import type { Generation } from "../../generated/prisma/client";
import type { Ctx } from "../context";

/**
 * One generation of the caller's account, including one still queued for writing in this process.
 * A key sees exactly what its creator's session sees: with activity.read_all (in the creator's
 * current role) the account's generations, otherwise only those of the creator's own keys.
 */
export async function getGeneration({ ctx, id }: { ctx: Ctx; id: string }) {
  // A queued record has the same fields as a written one (the optional ones may be absent).
  const row = (pendingGeneration(id) as unknown as Generation | undefined) ?? (await (await db()).generation.findUnique({ where: { id } }));
  if (!row || row.accountId !== ctx.account.id) throw notFound("Generation not found.");
  // A key without a creator (its user was deleted) reads as an Admin's key did before.
  const role = ctx.caller.kind === "apiKey" ? (ctx.caller.creatorUserId ? ctx.caller.creatorRole : "ADMIN") : ctx.role;
  if (!can(role, "activity.read_all") && row.keyCreatorId !== ctx.actorUserId) throw notFound("Generation not found.");
  return row;
}
