// The guardrails that apply to a key: its own (a key holds at most one) and those of its owner as a
// member of the key's account. The gateway reads them through a short in-process cache; guardrail
// writes in this process invalidate it at once, other instances see a change within RULES_TTL_MS.
import { db, type Db, type Tx } from "../db";
import { subscribeCache } from "../cache/entity-cache";
import type { Guardrail } from "../generated/prisma/client";
import type { ResetWindow } from "../time/windows";
import type { GuardrailRule, GuardrailSource, KeyLimit } from "./merge";

export const RULES_TTL_MS = 1_000;
const MAX_ENTRIES = 10_000;

const list = (v: unknown): string[] | null => (Array.isArray(v) ? v.map(String) : null);
export const toResetWindow = (r: "DAILY" | "WEEKLY" | "MONTHLY" | null): ResetWindow | null => (r ? (r.toLowerCase() as ResetWindow) : null);

/** A key's own spending limit as the merge takes it (the gateway and the effective-policy view alike). */
/**
 * The key's own limit as the policy sees it. Its budgets (the limit, its guardrail's per-key budget)
 * count on the key's spend line, shared by the keys of a rotation: a successor is refused exactly
 * where its predecessor would have been.
 */
export function keyLimitOf(key: { id: string; spendLineId: string | null; limitMicros: bigint | null; limitReset: "DAILY" | "WEEKLY" | "MONTHLY" | null; includeByokInLimit: boolean }): KeyLimit {
  return { keyId: key.spendLineId ?? key.id, limitMicros: key.limitMicros, limitReset: toResetWindow(key.limitReset), includeByokInLimit: key.includeByokInLimit };
}

export function toRule(g: Guardrail, source: GuardrailSource): GuardrailRule {
  return {
    id: g.id,
    name: g.name,
    source,
    limitMicros: g.limitMicros,
    resetInterval: toResetWindow(g.resetInterval),
    includeByokInBudgets: g.includeByokInBudgets,
    allowedModels: list(g.allowedModels),
    allowedProviders: list(g.allowedProviders),
    ignoredModels: list(g.ignoredModels),
    ignoredProviders: list(g.ignoredProviders),
    enforceZdr: g.enforceZdr,
  };
}

/** The rules of a key (keyId) and/or a member (userId) in an account, key's first. */
export async function loadRules(client: Db | Tx, accountId: string, keyId: string | null, userId: string | null): Promise<GuardrailRule[]> {
  const or = [
    ...(keyId ? [{ keyAssignments: { some: { apiKeyId: keyId } } }] : []),
    ...(userId ? [{ memberAssignments: { some: { userId, accountId } } }] : []),
  ];
  if (!or.length) return [];
  const rows = await client.guardrail.findMany({
    where: { accountId, OR: or },
    include: {
      keyAssignments: { where: { apiKeyId: keyId ?? "" }, select: { id: true } },
      memberAssignments: { where: { userId: userId ?? "", accountId }, select: { id: true } },
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const key = rows.filter((r) => r.keyAssignments.length).map((r) => toRule(r, "key"));
  const member = rows.filter((r) => r.memberAssignments.length).map((r) => toRule(r, "member"));
  return [...key, ...member];
}

type Entry = { value: Promise<GuardrailRule[]>; at: number };
const g = globalThis as unknown as { __tollgateGuardrailRules?: Map<string, Entry> };
const cache: Map<string, Entry> = (g.__tollgateGuardrailRules ??= new Map());

export function cachedKeyRules(accountId: string, keyId: string, userId: string | null): Promise<GuardrailRule[]> {
  let entry = cache.get(keyId);
  if (!entry || Date.now() - entry.at > RULES_TTL_MS) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    const value = db().then((client) => loadRules(client, accountId, keyId, userId));
    entry = { value, at: Date.now() };
    cache.set(keyId, entry);
    value.catch(() => cache.delete(keyId));
  }
  return entry.value;
}

/** Any guardrail or assignment changed in this process: forget every key's rules. */
export function invalidateGuardrailRules(): void {
  cache.clear();
}

// A guardrail, an assignment, or who is a member (member guardrails follow the membership) changed.
subscribeCache("guardrail-rules", ["guardrail", "membership", "account"], invalidateGuardrailRules);
