// The Logs page: the account's generations, newest first, filtered by key, model, provider, end user
// and status, with keyset pagination on (created_at, id) so page 1,000 costs what page 1 does.
// Members see the generations of their own keys only.
import { Prisma } from "../../generated/prisma/client";
import { db } from "../../db";
import { badRequest } from "../../api/errors";
import type { GenerationsQuery } from "../../validations/activity";
import { assertCan, type Ctx } from "../context";
import { usageScope } from "./usage-query";

export type GenerationListItem = {
  id: string;
  createdAt: Date;
  model: string;
  providerSlug: string | null;
  apiKeyId: string | null;
  apiKeyName: string | null;
  endUser: string | null;
  status: number;
  promptTokens: number;
  completionTokens: number;
  costMicros: bigint;
  upstreamCostMicros: bigint;
  isByok: boolean;
  latencyMs: number | null;
  generationTimeMs: number | null;
  streamed: boolean;
};

export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) throw badRequest("Invalid cursor.");
  return { createdAt, id };
}

/** The WHERE of the Logs filters (shared with the per-generation CSV export). */
export function generationFilterSql(ctx: Ctx, q: Partial<Pick<GenerationsQuery, "api_key" | "model" | "provider" | "user" | "status">>): Prisma.Sql {
  const scope = usageScope(ctx);
  const parts = [Prisma.sql`g.account_id = ${scope.accountId}`];
  if (scope.creatorId !== null) parts.push(Prisma.sql`g.key_creator_id = ${scope.creatorId}`);
  if (q.api_key !== undefined) parts.push(Prisma.sql`g.api_key_id = ${q.api_key}`);
  if (q.model !== undefined) parts.push(Prisma.sql`g.model = ${q.model}`);
  if (q.provider !== undefined) parts.push(Prisma.sql`g.provider_slug = ${q.provider}`);
  if (q.user !== undefined) parts.push(Prisma.sql`g.end_user = ${q.user}`);
  if (q.status === "success") parts.push(Prisma.sql`g.status < 400`);
  if (q.status === "error") parts.push(Prisma.sql`g.status >= 400`);
  return Prisma.join(parts, " AND ");
}

type Row = {
  id: string; created_at: Date; model: string; provider_slug: string | null; api_key_id: string | null; api_key_name: string | null; end_user: string | null;
  status: number; prompt_tokens: number; completion_tokens: number; cost_micros: bigint; upstream_cost_micros: bigint; is_byok: boolean;
  latency_ms: number | null; generation_time_ms: number | null; streamed: boolean;
};

export async function listGenerations({ ctx, query }: { ctx: Ctx; query: GenerationsQuery }): Promise<{ items: GenerationListItem[]; nextCursor: string | null }> {
  assertCan(ctx, "activity.read");
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await (await db()).$queryRaw<Row[]>`
    SELECT g.id, g.created_at, g.model, g.provider_slug, g.api_key_id, k.name AS api_key_name, g.end_user, g.status, g.prompt_tokens, g.completion_tokens,
      g.cost_micros, g.upstream_cost_micros, g.is_byok, g.latency_ms, g.generation_time_ms, g.streamed
    FROM generations g LEFT JOIN api_keys k ON k.id = g.api_key_id
    WHERE ${generationFilterSql(ctx, query)} ${after ? Prisma.sql`AND g.created_at <= ${after.createdAt} AND (g.created_at, g.id) < (${after.createdAt}, ${after.id})` : Prisma.empty}
    ORDER BY g.created_at DESC, g.id DESC
    LIMIT ${query.limit + 1}`;
  const items = rows.slice(0, query.limit).map((r) => ({
    id: r.id,
    createdAt: new Date(r.created_at),
    model: r.model,
    providerSlug: r.provider_slug,
    apiKeyId: r.api_key_id,
    apiKeyName: r.api_key_name,
    endUser: r.end_user,
    status: r.status,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    costMicros: BigInt(r.cost_micros),
    upstreamCostMicros: BigInt(r.upstream_cost_micros),
    isByok: r.is_byok,
    latencyMs: r.latency_ms,
    generationTimeMs: r.generation_time_ms,
    streamed: r.streamed,
  }));
  return { items, nextCursor: rows.length > query.limit ? encodeCursor(items[items.length - 1]) : null };
}
