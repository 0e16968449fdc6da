// The effective policy as the API and the UI show it: merged lists with the guardrails that
// contribute each restriction, and every budget with used / held / remaining / next reset. Pure.
import { microsToUsd } from "../money";
import { budgetWindow, type EffectivePolicy, type GuardrailRef, type GuardrailRule } from "./merge";

export type CounterState = { key: string; windowStart: Date; usedMicros: bigint; reservedMicros: bigint };

export type EffectivePolicyView = {
  guardrails: (GuardrailRef & { source: GuardrailRule["source"] })[];
  allowed_models: { values: string[] | null; from: GuardrailRef[] };
  allowed_providers: { values: string[] | null; from: GuardrailRef[] };
  ignored_models: { values: string[]; from: GuardrailRef[] };
  ignored_providers: { values: string[]; from: GuardrailRef[] };
  zdr: { required: boolean; from: GuardrailRef[] };
  budgets: {
    kind: "key_limit" | "guardrail";
    guardrail_id: string | null;
    guardrail_name: string | null;
    entity: "key" | "member";
    limit_usd: number;
    used_usd: number;
    reserved_usd: number;
    remaining_usd: number;
    reset_interval: string | null;
    resets_at: string | null;
    counts_byok: boolean;
  }[];
};

const refs = (rules: GuardrailRule[], pick: (r: GuardrailRule) => boolean): GuardrailRef[] => {
  const out: GuardrailRef[] = [];
  for (const r of rules) if (pick(r) && !out.some((o) => o.id === r.id)) out.push({ id: r.id, name: r.name });
  return out;
};

/**
 * `keyLimitUsed`: the key's spend in the limit's window from key usage (services/api-keys/key-usage.ts,
 * the one source of key spend the Keys page and GET /keys read); the counter's `used` otherwise.
 */
export function describePolicy(policy: EffectivePolicy, counters: CounterState[], now: Date, { keyLimitUsed }: { keyLimitUsed?: bigint } = {}): EffectivePolicyView {
  const { rules } = policy;
  return {
    guardrails: rules.map((r) => ({ id: r.id, name: r.name, source: r.source })),
    allowed_models: { values: policy.allowedModels, from: refs(rules, (r) => r.allowedModels !== null) },
    allowed_providers: { values: policy.allowedProviders, from: refs(rules, (r) => r.allowedProviders !== null) },
    ignored_models: { values: policy.ignoredModels, from: refs(rules, (r) => Boolean(r.ignoredModels?.length)) },
    ignored_providers: { values: policy.ignoredProviders, from: refs(rules, (r) => Boolean(r.ignoredProviders?.length)) },
    zdr: { required: policy.zdr, from: refs(rules, (r) => r.enforceZdr) },
    budgets: policy.budgets.map((b) => {
      const window = budgetWindow(b.resetInterval, now);
      const c = counters.find((x) => x.key === b.counterKey && x.windowStart.getTime() === window.start.getTime());
      const used = b.kind === "key_limit" && keyLimitUsed !== undefined ? keyLimitUsed : (c?.usedMicros ?? 0n);
      const held = c?.reservedMicros ?? 0n;
      const remaining = b.limitMicros - used - held;
      return {
        kind: b.kind,
        guardrail_id: b.guardrail?.id ?? null,
        guardrail_name: b.guardrail?.name ?? null,
        entity: b.entity,
        limit_usd: microsToUsd(b.limitMicros),
        used_usd: microsToUsd(used),
        reserved_usd: microsToUsd(held),
        remaining_usd: microsToUsd(remaining > 0n ? remaining : 0n),
        reset_interval: b.resetInterval,
        resets_at: window.resetsAt?.toISOString() ?? null,
        counts_byok: b.countsByok,
      };
    }),
  };
}
