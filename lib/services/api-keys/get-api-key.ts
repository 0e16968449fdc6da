import { db, type Tx } from "../../db";
import { notFound } from "../../api/errors";
import type { Ctx } from "../context";
import { KEY_INCLUDE, keyScope } from "./key-access";
import { getKeyUsage } from "./key-usage";

export async function findApiKey(client: Tx | Awaited<ReturnType<typeof db>>, ctx: Ctx, hash: string) {
  const key = await client.apiKey.findFirst({ where: { ...keyScope(ctx), hash }, include: KEY_INCLUDE });
  if (!key) throw notFound("API key not found.");
  return key;
}

export async function getApiKey({ ctx, hash }: { ctx: Ctx; hash: string }) {
  const key = await findApiKey(await db(), ctx, hash);
  const usage = await getKeyUsage([key.id]);
  return { key, usage: usage.get(key.id)! };
}
