import { db } from "../../db";
import { notFound } from "../../api/errors";
import { assertCan, type Ctx } from "../context";
import { BYOK_NOT_FOUND } from "./find-account-byok-key";

export async function getByokKey({ ctx, id }: { ctx: Ctx; id: string }) {
  assertCan(ctx, "providers.read");
  const key = await (await db()).byokKey.findFirst({ where: { id, accountId: ctx.account.id } });
  if (!key) throw notFound(BYOK_NOT_FOUND);
  return key;
}
