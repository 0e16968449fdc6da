// GET /api/v1/activity (API_CONTRACT §7): usage per UTC day × model × provider endpoint over the last
// 30 complete UTC days (today excluded), from the daily rollups. Requests refused before reaching a
// provider (no endpoint) carry no tokens or cost and are left out, as OpenRouter's feed does.
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import { badRequest, notFound } from "../../api/errors";
import { startOfUtcDay } from "../../time/windows";
import { isoDay, parseUtcDate } from "../../charts/activity.prepare";
import type { ActivityQueryInput } from "../../validations/activity";
import { assertCan, type Ctx } from "../context";
import { groupLabels, scopeSql, SUMS, toCell, usageScope, type SumRow } from "./usage-query";

const DAY_MS = 86_400_000;
export const ACTIVITY_DAYS = 30;

export type ActivityItem = {
  date: string;
  model: string;
  modelPermaslug: string;
  endpointId: string;
  providerName: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  usageMicros: bigint;
  byokUsageMicros: bigint;
};

export async function listActivity({ ctx, input, now = new Date() }: { ctx: Ctx; input: ActivityQueryInput; now?: Date }): Promise<ActivityItem[]> {
  assertCan(ctx, "activity.read");
  if (input.workspace_id !== undefined && input.workspace_id !== ctx.account.id) throw notFound("Workspace not found.");
  const to = startOfUtcDay(now); // today is not complete
  let from = new Date(to.getTime() - ACTIVITY_DAYS * DAY_MS);
  let until = to;
  if (input.date !== undefined) {
    const day = parseUtcDate(input.date);
    if (!day || day < from || day >= to) throw badRequest(`date must be one of the last ${ACTIVITY_DAYS} complete UTC days (${isoDay(from)} to ${isoDay(to.getTime() - DAY_MS)}).`);
    from = day;
    until = new Date(day.getTime() + DAY_MS);
  }
  const client = await db();
  const extra: Prisma.Sql[] = [];
  if (input.api_key_hash !== undefined) {
    const key = await client.apiKey.findFirst({ where: { hash: input.api_key_hash, accountId: ctx.account.id }, select: { id: true } });
    if (!key) throw notFound("API key not found.");
    extra.push(Prisma.sql`api_key_id = ${key.id}`);
  }
  if (input.user_id !== undefined) {
    const member = await client.membership.findFirst({ where: { accountId: ctx.account.id, userId: input.user_id }, select: { id: true } });
    const owner = ctx.account.type === "PERSONAL" ? await client.account.findFirst({ where: { id: ctx.account.id, personalOwnerId: input.user_id }, select: { id: true } }) : null;
    if (!member && !owner) throw notFound("User not found in this organization.");
    extra.push(Prisma.sql`creator_id = ${input.user_id}`);
  }
  const rows = await client.$queryRaw<(SumRow & { t: Date; model: string; endpoint_id: string; provider_slug: string })[]>`
    SELECT bucket_start AS t, model, endpoint_id, provider_slug, ${SUMS}
    FROM usage_rollups
    WHERE ${scopeSql(usageScope(ctx))} ${extra.length ? Prisma.sql`AND ${Prisma.join(extra, " AND ")}` : Prisma.empty}
      AND granularity = 'd' AND bucket_start >= ${from} AND bucket_start < ${until} AND provider_slug <> ''
    GROUP BY 1, 2, 3, 4
    ORDER BY 1 DESC, 2, 4`;
  const providers = await groupLabels("provider", rows.map((r) => r.provider_slug), ctx.account.id);
  return rows.map((r) => {
    const c = toCell(r);
    return {
      date: isoDay(r.t),
      model: r.model,
      modelPermaslug: r.model,
      endpointId: r.endpoint_id,
      providerName: providers.get(r.provider_slug) ?? r.provider_slug,
      requests: c.requests,
      promptTokens: c.promptTokens,
      completionTokens: c.completionTokens,
      reasoningTokens: c.reasoningTokens,
      usageMicros: c.costMicros,
      byokUsageMicros: c.byokCostMicros,
    };
  });
}
