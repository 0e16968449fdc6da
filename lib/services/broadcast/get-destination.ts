import { db } from "../../db";
import { notFound } from "../../api/errors";
import { assertCan, type Ctx } from "../context";
import { DESTINATION_NOT_FOUND } from "./find-destination";

export async function getDestination({ ctx, id }: { ctx: Ctx; id: string }) {
  assertCan(ctx, "broadcast.read");
  const destination = await (await db()).broadcastDestination.findFirst({ where: { id, accountId: ctx.account.id }, omit: { secretsCiphertext: true } });
  if (!destination) throw notFound(DESTINATION_NOT_FOUND);
  return destination;
}
