// The values the Logs filters offer: keys, models, providers and end users seen in the caller's
// usage over the last 90 days (from the daily rollups, so it stays cheap with millions of requests).
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import { NONE } from "../../activity/rollups";
import { startOfUtcDay } from "../../time/windows";
import { assertCan, type Ctx } from "../context";
import { groupLabels, scopeSql, usageScope } from "./usage-query";

const LOOKBACK_DAYS = 90;
const MAX_VALUES = 200;

export type UsageDimensions = Record<"apiKeys" | "models" | "providers" | "users", { value: string; label: string }[]>;

export async function listUsageDimensions({ ctx, now = new Date() }: { ctx: Ctx; now?: Date }): Promise<UsageDimensions> {
  assertCan(ctx, "activity.read");
  const since = new Date(startOfUtcDay(now).getTime() - LOOKBACK_DAYS * 86_400_000);
  const client = await db();
  const distinct = async (column: string) =>
    (
      await client.$queryRaw<{ v: string }[]>`
        SELECT ${Prisma.raw(column)} AS v FROM usage_rollups
        WHERE ${scopeSql(usageScope(ctx))} AND granularity = 'd' AND bucket_start >= ${since} AND ${Prisma.raw(column)} <> ${NONE}
        GROUP BY 1 ORDER BY sum(requests) DESC LIMIT ${MAX_VALUES}`
    ).map((r) => r.v);
  const [keys, models, providers, users] = await Promise.all([distinct("api_key_id"), distinct("model"), distinct("provider_slug"), distinct("end_user")]);
  const [keyLabels, providerLabels] = await Promise.all([groupLabels("api_key", keys, ctx.account.id), groupLabels("provider", providers, ctx.account.id)]);
  const sorted = (list: { value: string; label: string }[]) => list.sort((a, b) => a.label.localeCompare(b.label));
  return {
    apiKeys: sorted(keys.map((k) => ({ value: k, label: keyLabels.get(k) ?? k }))),
    models: sorted(models.map((m) => ({ value: m, label: m }))),
    providers: sorted(providers.map((p) => ({ value: p, label: providerLabels.get(p) ?? p }))),
    users: sorted(users.map((u) => ({ value: u, label: u }))),
  };
}
