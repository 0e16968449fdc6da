// Admission: which endpoints may serve the request (catalog, routing preferences, guardrails, ZDR,
// parameters), with which credentials (BYOK, instance keys), and the budget holds for its worst case
// (all or nothing, from this process's budget leases). Refusals are AppErrors the orchestrator records.
import { AppError } from "../../api/errors";
import type { KeyCtx } from "../../services/api-keys/authenticate-api-key";
import { db } from "../../db";
import { admitReservation, type LeaseHold } from "../../guardrails/budget-leases";
import { budgetRefusal, planReservation } from "../../guardrails/enforce";
import { modelBlockedBy, providerBlockedBy, type EffectivePolicy } from "../../guardrails/merge";
import { microsToUsd } from "../../money";
import { resolveProviderCredentials } from "../../services/byok/resolve-provider-credentials";
import type { ChatRequest } from "../../validations/chat";
import type { AccountState } from "../account-state";
import { byokProviders } from "../byok-index";
import { getCatalog, type CatalogEndpoint, type CatalogModel } from "../catalog";
import { health } from "../health";
import { maxCost } from "../pricing";
import { unsupportedParameters } from "../providers";
import { filterEndpoints, orderEndpoints, type Exclusion, type Policy, type ProviderPreferences } from "../routing";
import { stickyEndpoint } from "../sticky";
import { instanceProviderKey } from "../upstream";

export type Plan = { model: CatalogModel; endpoint: CatalogEndpoint; apiKey: string | null; isByok: boolean };

export const estimateTokens = (value: unknown) => Math.ceil(JSON.stringify(value ?? "").length / 4);

export function refusal(status: 400 | 402 | 403 | 404, message: string, metadata: Record<string, unknown> = {}) {
  const reason = { 400: "bad_request", 402: "payment_required", 403: "forbidden", 404: "not_found" } as const;
  return new AppError(reason[status], message, metadata);
}

/** The client's cap on the answer's length, if it set one. */
export const clientMaxTokens = (body: ChatRequest) => body.max_tokens ?? body.max_completion_tokens ?? null;

/**
 * The most tokens an answer can have on this endpoint: the client's cap, else the model's max output,
 * else what the context leaves after the prompt. Never sent to the provider unless the format needs
 * one (Anthropic): the worst case of the budget hold is computed from it.
 */
export function outputCap(body: ChatRequest, endpoint: CatalogEndpoint, promptTokens: number): number {
  const client = clientMaxTokens(body);
  const model = endpoint.maxCompletionTokens ?? Math.max(endpoint.contextLength - promptTokens, 1);
  return client === null ? model : Math.min(client, model);
}

export async function planCandidates(ctx: KeyCtx, body: ChatRequest, prefs: ProviderPreferences, { zdr, policy: guardrails }: { zdr: boolean; policy: EffectivePolicy }): Promise<{ list: Plan[] } | { error: AppError }> {
  const catalog = await getCatalog();
  const requested = [...new Set([body.model, ...(body.models ?? [])].filter((m): m is string => Boolean(m)))];
  const policy: Policy = {
    zdr,
    denyDataCollection: prefs.data_collection === "deny",
    usesTools: Boolean(body.tools?.length),
    guardrail: guardrails.rules.length ? (e) => providerBlockedBy(guardrails, e.provider) : null,
  };
  const unknown: string[] = [];
  const excluded: Exclusion[] = [];
  const list: Plan[] = [];
  const stickyKey = body.user ?? body.session_id ?? null;
  const byok = await byokProviders(ctx.account.id);
  for (const slug of requested) {
    const model = catalog.models.get(slug);
    if (!model) {
      unknown.push(slug);
      continue;
    }
    const blocked = guardrails.rules.length ? modelBlockedBy(guardrails, slug) : null;
    if (blocked) {
      excluded.push({ model: slug, provider: "*", reason: blocked.reason, guardrail_id: blocked.guardrail.id, guardrail_name: blocked.guardrail.name });
      continue;
    }
    const { allowed: routable, excluded: out } = filterEndpoints(model, prefs, policy, (e) => e.provider.isSandbox || Boolean(e.provider.apiKeyCiphertext) || byok.has(e.provider.slug));
    excluded.push(...out);
    // provider.require_parameters: an endpoint that would drop a parameter the request sets is skipped.
    const allowed = prefs.require_parameters
      ? routable.filter((e) => {
          const missing = unsupportedParameters(body, e);
          if (missing.length) excluded.push({ model: slug, provider: e.provider.slug, reason: `does not support ${missing.join(", ")} (require_parameters)` });
          return missing.length === 0;
        })
      : routable;
    const sticky = stickyKey ? stickyEndpoint(ctx.account.id, stickyKey, slug) : null;
    for (const endpoint of orderEndpoints(allowed, prefs, health, sticky)) {
      list.push(...(await endpointPlans(ctx, model, endpoint, byok)));
    }
  }
  if (list.length) return { list };
  if (unknown.length === requested.length) {
    return { error: refusal(404, `Model not found: ${unknown.join(", ")}. GET /api/v1/models lists the models.`, { models: unknown }) };
  }
  const byGuardrail = excluded.find((e) => e.guardrail_id);
  if (byGuardrail) {
    // Nothing is left and a guardrail took part: a policy refusal (403) that names it.
    return { error: refusal(403, `Guardrail "${byGuardrail.guardrail_name}" blocks this request: ${excluded.map((e) => `${e.model}${e.provider === "*" ? "" : ` on ${e.provider}`}: ${e.reason}`).join("; ")}.`, { guardrail_id: byGuardrail.guardrail_id, guardrail_name: byGuardrail.guardrail_name, excluded, unknown_models: unknown }) };
  }
  const reasons = [...new Set(excluded.map((e) => e.reason))];
  const message = zdr && reasons.some((r) => r.startsWith("retains data"))
    ? `No endpoint of ${requested.join(", ")} satisfies zero data retention${reasons.length > 1 ? ` and the other constraints (${reasons.join("; ")})` : ""}.`
    : `No allowed endpoint for ${requested.join(", ")}: ${excluded.map((e) => `${e.provider}: ${e.reason}`).join("; ")}.`;
  return { error: refusal(400, message, { excluded, unknown_models: unknown }) };
}

/**
 * The ways to call one endpoint, in order: the account's own provider keys (BYOK, prioritised),
 * then the instance's shared capacity (unless a BYOK key says "always use this key"), then BYOK
 * keys marked fallback.
 */
async function endpointPlans(ctx: KeyCtx, model: CatalogModel, endpoint: CatalogEndpoint, byok: Set<string>): Promise<Plan[]> {
  const shared: Plan[] = endpoint.provider.isSandbox || endpoint.provider.apiKeyCiphertext
    ? [{ model, endpoint, apiKey: endpoint.provider.isSandbox ? null : instanceProviderKey(endpoint), isByok: false }]
    : [];
  if (!byok.has(endpoint.provider.slug)) return shared;
  const creds = await resolveProviderCredentials({ accountId: ctx.account.id, provider: endpoint.provider.slug, model: model.slug, apiKeyHash: ctx.keyHash, userId: ctx.key.creatorUserId });
  const own = (fallback: boolean) => creds.keys.filter((k) => k.isFallback === fallback).map((k) => ({ model, endpoint, apiKey: k.secret, isByok: true }));
  return [...own(false), ...(creds.sharedCapacityAllowed ? shared : []), ...own(true)];
}

/**
 * Budgets (the key's limit, its guardrails', its member's, the credit pool): holds the worst case of
 * every candidate before any upstream call, all or nothing (zero overspend), from this process's
 * budget leases (no statement per request; see guardrails/budget-leases.ts); the metering batch
 * settles the actual cost. When the paid candidates do not fit, the account's own keys (BYOK) or free
 * endpoints may still. Returns the candidates to try and the holds, or throws the refusal.
 */
export async function holdBudgets(ctx: KeyCtx, body: ChatRequest, candidates: Plan[], { policy, account, now }: { policy: EffectivePolicy; account: AccountState; now: Date }): Promise<{ candidates: Plan[]; holds: LeaseHold[] }> {
  // What the provider will count as prompt: the messages and the tool definitions (~4 characters a token).
  const promptEstimate = estimateTokens(body.tools?.length ? [body.messages, body.tools] : body.messages);
  const costs = candidates.map((c) => ({ isByok: c.isByok, worstCaseMicros: maxCost(c.endpoint, promptEstimate, outputCap(body, c.endpoint, promptEstimate)) }));
  // With the pool switched off by the operator, paid models need no credits (spend is still metered).
  if (account.poolEnabled && account.creditBalanceMicros <= 0n && !costs.some((c) => c.isByok || c.worstCaseMicros === 0n)) {
    throw refusal(402, "The account's credit pool is empty. The instance operator can grant credits.", { limit: "credit_pool", balance_usd: microsToUsd(account.creditBalanceMicros) });
  }
  const reservation = planReservation(policy, costs, ctx.account.id, now, account);
  if (!reservation) return { candidates, holds: [] };
  let held = await admitReservation(reservation, now);
  let admitted = candidates;
  if (!held.ok) {
    const cheap = costs.flatMap((c, i) => (c.isByok || c.worstCaseMicros === 0n ? [i] : []));
    if (cheap.length && cheap.length < costs.length) {
      const retry = planReservation(policy, cheap.map((i) => costs[i]), ctx.account.id, now, account);
      const again = retry ? await admitReservation(retry, now) : { ok: true as const, holds: [] as LeaseHold[] };
      if (again.ok) {
        admitted = cheap.map((i) => candidates[i]);
        held = again;
      }
    }
  }
  if (!held.ok) throw await budgetRefusal(await db(), policy, reservation, held.failed, now);
  return { candidates: admitted, holds: held.holds };
}
