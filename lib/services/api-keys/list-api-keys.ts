import { db } from "../../db";
import { badRequest } from "../../api/errors";
import type { Ctx } from "../context";
import { KEY_INCLUDE, keyScope } from "./key-access";
import { getKeyUsage } from "./key-usage";

export const KEYS_PAGE_SIZE = 100;

/** Keys the caller may see, newest first; disabled ones only when asked. */
export async function listApiKeys({ ctx, includeDisabled = false, offset = 0, workspaceId, limit = KEYS_PAGE_SIZE }: { ctx: Ctx; includeDisabled?: boolean; offset?: number; workspaceId?: string; limit?: number }) {
  if (workspaceId && workspaceId !== ctx.account.id) throw badRequest("workspace_id must be this account's id.", { field: "workspace_id" });
  const keys = await (await db()).apiKey.findMany({
    where: { ...keyScope(ctx), ...(includeDisabled ? {} : { disabled: false }) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    skip: offset,
    take: limit,
    include: KEY_INCLUDE,
  });
  const usage = await getKeyUsage(keys.map((k) => k.id));
  return keys.map((key) => ({ key, usage: usage.get(key.id)! }));
}
