import { db } from "../../db";
import { notFound } from "../../api/errors";
import type { Ctx } from "../context";
import { getKeyUsage } from "./key-usage";

/** The key that made this request (GET /api/v1/key). */
export async function getCurrentKey({ ctx }: { ctx: Ctx }) {
  if (ctx.caller.kind !== "apiKey") throw notFound("No API key in this request.");
  const key = await (await db()).apiKey.findUnique({ where: { id: ctx.caller.keyId }, include: { account: { select: { type: true } } } });
  if (!key) throw notFound("API key not found.");
  return { key, usage: (await getKeyUsage([key.id])).get(key.id)! };
}
