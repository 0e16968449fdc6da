// Merging the guardrails that apply to a request into one effective policy (pure, unit tested).
// Stricter always wins, so adding a guardrail can only restrict: allowlists intersect, ignore lists
// add up (and subtract from what is allowed), ZDR holds if any guardrail requires it, and every budget
// applies separately (each guardrail's budget per entity, plus the key's own limit).
import { windowStart, nextReset, type ResetWindow } from "../time/windows";

export type GuardrailSource = "key" | "member";

export type GuardrailRule = {
  id: string;
  name: string;
  source: GuardrailSource; // assigned to the key itself, or to the member who owns the key
  limitMicros: bigint | null;
  resetInterval: ResetWindow | null;
  includeByokInBudgets: boolean;
  allowedModels: string[] | null;
  allowedProviders: string[] | null;
  ignoredModels: string[] | null;
  ignoredProviders: string[] | null;
  enforceZdr: boolean;
};

export type GuardrailRef = { id: string; name: string };

/** One budget that a request must fit: a counter in the budget ledger. */
export type Budget = {
  kind: "key_limit" | "guardrail";
  counterKey: string;
  guardrail: GuardrailRef | null; // null for the key's own limit
  entity: "key" | "member";
  limitMicros: bigint;
  resetInterval: ResetWindow | null;
  countsByok: boolean;
};

export type EffectivePolicy = {
  rules: GuardrailRule[];
  allowedModels: string[] | null; // null = every model
  allowedProviders: string[] | null;
  ignoredModels: string[];
  ignoredProviders: string[];
  zdr: boolean;
  budgets: Budget[];
};

/** `keyId`: the key's spend line (its rotation chain's first key), which its key budgets count on. */
export type KeyLimit = { keyId: string; limitMicros: bigint | null; limitReset: ResetWindow | null; includeByokInLimit: boolean };

const norm = (list: string[] | null) => (list === null ? null : [...new Set(list.map((s) => s.trim().toLowerCase()).filter(Boolean))]);

function intersect(lists: (string[] | null)[]): string[] | null {
  let result: string[] | null = null;
  for (const list of lists.map(norm)) {
    if (list === null) continue;
    result = result === null ? list : result.filter((x) => list.includes(x));
  }
  return result === null ? null : result.sort();
}

export const counterKeyFor = {
  keyLimit: (keyId: string) => `k:${keyId}`,
  guardrail: (guardrailId: string, entity: "key" | "member", entityId: string) => `g:${guardrailId}:${entity === "key" ? "k" : "u"}:${entityId}`,
};

/**
 * The effective policy of a key: its own guardrail (source "key"), its owner's member guardrails
 * (source "member") and its own limit. `userId` is the key's creator (member budgets are per member).
 */
export function mergePolicy(rules: GuardrailRule[], key: KeyLimit | null, userId: string | null): EffectivePolicy {
  const ignoredModels = [...new Set(rules.flatMap((r) => norm(r.ignoredModels) ?? []))].sort();
  const ignoredProviders = [...new Set(rules.flatMap((r) => norm(r.ignoredProviders) ?? []))].sort();
  const allowedModels = intersect(rules.map((r) => r.allowedModels));
  const allowedProviders = intersect(rules.map((r) => r.allowedProviders));
  const budgets: Budget[] = [];
  if (key && key.limitMicros !== null) {
    budgets.push({ kind: "key_limit", counterKey: counterKeyFor.keyLimit(key.keyId), guardrail: null, entity: "key", limitMicros: key.limitMicros, resetInterval: key.limitReset, countsByok: key.includeByokInLimit });
  }
  // The key's guardrail first, then the member's: the first exhausted one is the one reported.
  for (const source of ["key", "member"] as const) {
    for (const r of rules) {
      if (r.source !== source || r.limitMicros === null) continue;
      const entityId = source === "key" ? key?.keyId : userId;
      if (!entityId) continue;
      const counterKey = counterKeyFor.guardrail(r.id, source, entityId);
      if (budgets.some((b) => b.counterKey === counterKey)) continue;
      budgets.push({ kind: "guardrail", counterKey, guardrail: { id: r.id, name: r.name }, entity: source, limitMicros: r.limitMicros, resetInterval: r.resetInterval, countsByok: r.includeByokInBudgets });
    }
  }
  return {
    rules,
    allowedModels: allowedModels?.filter((m) => !ignoredModels.includes(m)) ?? null,
    allowedProviders: allowedProviders?.filter((p) => !ignoredProviders.includes(p)) ?? null,
    ignoredModels,
    ignoredProviders,
    zdr: rules.some((r) => r.enforceZdr),
    budgets,
  };
}

/** The first guardrail that keeps a model out, and why; null when every guardrail allows it. */
export function modelBlockedBy(policy: Pick<EffectivePolicy, "rules">, model: string): { guardrail: GuardrailRef; reason: string } | null {
  const m = model.toLowerCase();
  for (const r of policy.rules) {
    if (norm(r.ignoredModels)?.includes(m)) return { guardrail: { id: r.id, name: r.name }, reason: `model ignored by guardrail "${r.name}"` };
    const allowed = norm(r.allowedModels);
    if (allowed && !allowed.includes(m)) return { guardrail: { id: r.id, name: r.name }, reason: `model not in the allowlist of guardrail "${r.name}"` };
  }
  return null;
}

/** The first guardrail that keeps a provider endpoint out (allowlist, ignore list, ZDR), and why. */
export function providerBlockedBy(
  policy: Pick<EffectivePolicy, "rules">,
  provider: { slug: string; retainsData: boolean },
): { guardrail: GuardrailRef; reason: string } | null {
  const p = provider.slug.toLowerCase();
  for (const r of policy.rules) {
    if (norm(r.ignoredProviders)?.includes(p)) return { guardrail: { id: r.id, name: r.name }, reason: `provider ignored by guardrail "${r.name}"` };
    const allowed = norm(r.allowedProviders);
    if (allowed && !allowed.includes(p)) return { guardrail: { id: r.id, name: r.name }, reason: `provider not in the allowlist of guardrail "${r.name}"` };
    if (r.enforceZdr && provider.retainsData) return { guardrail: { id: r.id, name: r.name }, reason: `retains data (guardrail "${r.name}" requires zero data retention)` };
  }
  return null;
}

/** A budget that never resets counts in one window that starts at the epoch. */
export const ALL_TIME = new Date(0);

export function budgetWindow(resetInterval: ResetWindow | null, now: Date): { start: Date; resetsAt: Date | null } {
  if (!resetInterval) return { start: ALL_TIME, resetsAt: null };
  return { start: windowStart(resetInterval, now), resetsAt: nextReset(resetInterval, now) };
}
