// POST /api/v1/chat/completions: policy -> routing -> upstream attempts with fallbacks -> usage and
// cost -> metering. Non-streaming and streaming (SSE). Every request that reaches an account, answered
// or refused, leaves a generation record.
import { randomBytes } from "node:crypto";
import { AppError } from "../api/errors";
import type { KeyCtx } from "../services/api-keys/authenticate-api-key";
import { db } from "../db";
import type { LeasedRecord } from "../guardrails/budget-ledger";
import { admitReservation, type LeaseHold } from "../guardrails/budget-leases";
import { budgetRefusal, planReservation } from "../guardrails/enforce";
import { cachedKeyRules, keyLimitOf } from "../guardrails/load-rules";
import { mergePolicy, modelBlockedBy, providerBlockedBy, type EffectivePolicy } from "../guardrails/merge";
import { microsToUsd } from "../money";
import type { ChatRequest } from "../validations/chat";
import { accountState, type AccountState } from "./account-state";
import { getCatalog, type CatalogEndpoint, type CatalogModel } from "./catalog";
import { health } from "./health";
import { recordGeneration, type GenerationRecord } from "./metering";
import { maxCost, tokenCost } from "./pricing";
import { filterEndpoints, orderEndpoints, type Exclusion, type Policy, type ProviderPreferences } from "./routing";
import { stickyEndpoint, setSticky } from "./sticky";
import { byokProviders } from "./byok-index";
import { resolveProviderCredentials } from "../services/byok/resolve-provider-credentials";
import { OutboundRefusedError } from "../net/outbound-policy";
import { callUpstream, instanceProviderKey, UpstreamTimeoutError, type UpstreamResponse } from "./upstream";

export type Attempt = { provider: string; provider_name: string; endpoint_id: string; model: string; status: number | null; latency: number; is_byok: boolean; error?: string };
type Usage = { promptTokens: number; completionTokens: number; reasoningTokens: number; cachedTokens: number };
type Plan = { model: CatalogModel; endpoint: CatalogEndpoint; apiKey: string | null; isByok: boolean };

const DEFAULT_MAX_TOKENS = 4096;

// Random bytes drawn 4.5 KB at a time: one randomBytes call per request cost more than the id is worth.
let entropy = Buffer.alloc(0);
let entropyAt = 0;
export function newGenerationId(): string {
  if (entropyAt + 9 > entropy.length) {
    entropy = randomBytes(9 * 512);
    entropyAt = 0;
  }
  entropyAt += 9;
  return `gen-${Date.now().toString(36)}-${entropy.toString("base64url", entropyAt - 9, entropyAt)}`;
}

const estimateTokens = (value: unknown) => Math.ceil(JSON.stringify(value ?? "").length / 4);

function refusal(status: 400 | 402 | 403 | 404, message: string, metadata: Record<string, unknown> = {}) {
  const reason = { 400: "bad_request", 402: "payment_required", 403: "forbidden", 404: "not_found" } as const;
  return new AppError(reason[status], message, metadata);
}

type RequestMeta = { httpReferer: string | null; userAgent: string | null; signal: AbortSignal };

/**
 * A non-streamed answer as its serialized JSON: the fast path (node-handler.ts) writes it as it is;
 * the App Router route wraps it in a Response (toWebResponse). Building a web Response and reading it
 * back cost ~5% of a request's CPU on the fast path.
 */
export type JsonReply = { status: number; headers: Record<string, string>; json: string };
export type GatewayReply = Response | JsonReply;

export function toWebResponse(reply: GatewayReply): Response {
  return reply instanceof Response ? reply : new Response(reply.json, { status: reply.status, headers: { ...reply.headers, "content-type": "application/json" } });
}

export async function handleChatCompletion(ctx: KeyCtx, body: ChatRequest, meta: RequestMeta): Promise<GatewayReply> {
  const started = Date.now();
  const id = newGenerationId();
  const [account, rules] = await Promise.all([accountState(ctx.account.id), cachedKeyRules(ctx.account.id, ctx.key.id, ctx.key.creatorUserId)]);
  const policy = mergePolicy(rules, keyLimitOf(ctx.key), ctx.key.creatorUserId);
  const prefs = (body.provider ?? {}) as ProviderPreferences;
  const zdr = Boolean(prefs.zdr || account.zdrOnly || policy.zdr);
  const base: LeasedRecord = {
    id,
    accountId: ctx.account.id,
    apiKeyId: ctx.caller.kind === "apiKey" ? ctx.caller.keyId : null,
    keyCreatorId: ctx.key.creatorUserId,
    endUser: body.user ?? null,
    model: body.model ?? body.models?.[0] ?? "",
    status: 200,
    costMicros: 0n,
    zdr,
    streamed: body.stream,
    createdAt: new Date(started),
    httpReferer: meta.httpReferer,
    userAgent: meta.userAgent,
  };
  const refuse = (error: AppError, extra: Partial<GenerationRecord> = {}) => {
    recordGeneration({ ...base, ...extra, status: error.status, errorMessage: error.message, latencyMs: Date.now() - started });
    return error;
  };

  const plans = await plan(ctx, body, prefs, { zdr, account, policy });
  if ("error" in plans) throw refuse(plans.error);

  // Budgets (the key's limit, its guardrails', its member's, the credit pool): hold the worst case
  // of every candidate before any upstream call, all or nothing (zero overspend). The holds come from
  // this process's budget leases (no statement per request; see guardrails/budget-leases.ts); the
  // metering batch settles the actual cost.
  const allowFallbacks = prefs.allow_fallbacks !== false;
  const allCandidates = allowFallbacks ? plans.list : plans.list.slice(0, 1);
  // What the provider will count as prompt: the messages and the tool definitions (~4 characters a token).
  const promptEstimate = estimateTokens(body.tools?.length ? [body.messages, body.tools] : body.messages);
  const cap = body.max_tokens ?? body.max_completion_tokens ?? DEFAULT_MAX_TOKENS;
  const costs = allCandidates.map((c) => ({ isByok: c.isByok, worstCaseMicros: maxCost(c.endpoint, promptEstimate, Math.min(cap, c.endpoint.maxCompletionTokens ?? cap)) }));
  if (account.creditBalanceMicros <= 0n && !costs.some((c) => c.isByok || c.worstCaseMicros === 0n)) {
    throw refuse(refusal(402, "The account's credit pool is empty. An Admin can add credits under Credits.", { limit: "credit_pool", balance_usd: microsToUsd(account.creditBalanceMicros) }));
  }
  const now = new Date(started);
  let candidates = allCandidates;
  const reservation = planReservation(policy, costs, ctx.account.id, now);
  if (reservation) {
    let held = await admitReservation(reservation, now);
    if (!held.ok) {
      // The paid candidates do not fit: the account's own keys (BYOK) or free endpoints may still.
      const cheap = costs.flatMap((c, i) => (c.isByok || c.worstCaseMicros === 0n ? [i] : []));
      if (cheap.length && cheap.length < costs.length) {
        const retry = planReservation(policy, cheap.map((i) => costs[i]), ctx.account.id, now);
        const again = retry ? await admitReservation(retry, now) : { ok: true as const, holds: [] as LeaseHold[] };
        if (again.ok) {
          candidates = cheap.map((i) => allCandidates[i]);
          held = again;
        }
      }
    }
    if (!held.ok) throw refuse(await budgetRefusal(await db(), policy, reservation, held.failed, now));
    if (held.holds.length) {
      base.leases = held.holds;
      // The worst case assumed max_tokens: make the provider keep to it.
      if (body.max_tokens === undefined && body.max_completion_tokens === undefined) body = { ...body, max_tokens: cap };
    }
  }

  const attempts: Attempt[] = [];
  const healthRecords: NonNullable<GenerationRecord["health"]> = [];
  // An attempt that got no usable answer: the router's health now, the endpoint's buckets in the batch.
  const attemptHealth = (endpointId: string, ok: boolean, latencyMs: number) => {
    health.record(endpointId, { ok, latencyMs, at: Date.now() });
    healthRecords.push({ endpointId, ok, latencyMs, ttftMs: null, outputTokens: 0, generationMs: null });
  };
  for (const candidate of candidates) {
    if (meta.signal.aborted) break;
    if (!health.isAvailable(candidate.endpoint.id) && candidate !== candidates[candidates.length - 1]) continue;
    const attemptStart = Date.now();
    const attempt: Attempt = {
      provider: candidate.endpoint.provider.slug,
      provider_name: candidate.endpoint.provider.name,
      endpoint_id: candidate.endpoint.id,
      model: candidate.model.slug,
      status: null,
      latency: 0,
      is_byok: candidate.isByok,
    };
    attempts.push(attempt);
    let res: UpstreamResponse;
    try {
      res = await callUpstream(candidate.endpoint, { body, apiKey: candidate.apiKey, signal: meta.signal, stream: body.stream });
    } catch (error) {
      attempt.latency = Date.now() - attemptStart;
      if (meta.signal.aborted) break;
      attempt.error = error instanceof UpstreamTimeoutError ? error.message : error instanceof OutboundRefusedError ? `refused by the outbound policy: ${error.message}` : `connection failed: ${(error as Error).message}`;
      attemptHealth(candidate.endpoint.id, false, attempt.latency);
      continue;
    }
    attempt.status = res.status;
    attempt.latency = Date.now() - attemptStart;
    if (res.ok) {
      const common = { ctx, body, id, base, candidate, attempts, healthRecords, started, attemptStart, account, zdr, signal: meta.signal };
      if (body.stream) return streamResponse(res, common);
      let answer: UpstreamCompletion;
      try {
        answer = (await res.json()) as UpstreamCompletion;
        if (typeof answer !== "object" || answer === null) throw new Error("not a JSON object");
      } catch (error) {
        // A 200 whose body breaks off or is not JSON is a failed attempt like a 5xx: try the next one.
        attempt.latency = Date.now() - attemptStart;
        if (meta.signal.aborted) break;
        attempt.error = `unreadable response: ${(error as Error).message}`;
        attemptHealth(candidate.endpoint.id, false, attempt.latency);
        continue;
      }
      return jsonResponse(answer, common);
    }
    const errorText = await res.text().catch(() => "");
    attempt.error = upstreamMessage(errorText) ?? `HTTP ${res.status}`;
    const retryable = res.status === 429 || res.status >= 500 || res.status === 408;
    attemptHealth(candidate.endpoint.id, !retryable, attempt.latency);
    if (!retryable) {
      // The provider refused the request itself (4xx): another provider would too. Say why.
      const error = new AppError("bad_request", `${candidate.endpoint.provider.name} rejected the request: ${attempt.error}`, { provider_status: res.status, attempts });
      throw refuse(error, { attempts: attempts as never, health: healthRecords, providerSlug: candidate.endpoint.provider.slug });
    }
  }

  if (meta.signal.aborted) {
    recordGeneration({ ...base, status: 499, cancelled: true, attempts: attempts as never, health: healthRecords, errorMessage: "The client disconnected.", latencyMs: Date.now() - started });
    return new Response(null, { status: 499 });
  }
  throw refuse(
    new AppError("upstream_error", `Every provider failed for ${plans.list.map((p) => p.model.slug).filter((v, i, a) => a.indexOf(v) === i).join(", ")}: ${attempts.map((a) => `${a.provider_name} (${a.status ?? "no response"}: ${a.error})`).join("; ")}.`, { attempts }),
    { attempts: attempts as never, health: healthRecords },
  );
}

function upstreamMessage(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } | string; message?: string };
    return typeof parsed.error === "string" ? parsed.error : (parsed.error?.message ?? parsed.message ?? null);
  } catch {
    return text ? text.slice(0, 200) : null;
  }
}

async function plan(ctx: KeyCtx, body: ChatRequest, prefs: ProviderPreferences, { zdr, policy: guardrails }: { zdr: boolean; account: AccountState; policy: EffectivePolicy }): Promise<{ list: Plan[] } | { error: AppError }> {
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
    const { allowed, excluded: out } = filterEndpoints(model, prefs, policy, (e) => e.provider.isSandbox || Boolean(e.provider.apiKeyCiphertext) || byok.has(e.provider.slug));
    excluded.push(...out);
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

type Common = {
  ctx: KeyCtx; body: ChatRequest; id: string; base: GenerationRecord; candidate: Plan; attempts: Attempt[];
  healthRecords: NonNullable<GenerationRecord["health"]>; started: number; attemptStart: number; account: AccountState; zdr: boolean; signal: AbortSignal;
};

type UpstreamUsage = { prompt_tokens?: number; completion_tokens?: number; prompt_tokens_details?: { cached_tokens?: number } | null; completion_tokens_details?: { reasoning_tokens?: number | null } | null };

function readUsage(u: UpstreamUsage | undefined, fallback: { body: ChatRequest; completionText: string }): Usage {
  return {
    promptTokens: u?.prompt_tokens ?? estimateTokens(fallback.body.messages),
    completionTokens: u?.completion_tokens ?? Math.ceil(fallback.completionText.length / 4),
    cachedTokens: u?.prompt_tokens_details?.cached_tokens ?? 0,
    reasoningTokens: u?.completion_tokens_details?.reasoning_tokens ?? 0,
  };
}

function usageObject(usage: Usage, plan: Plan) {
  const cost = tokenCost(plan.endpoint, usage);
  const charged = plan.isByok ? 0n : cost.totalMicros;
  return {
    cost,
    charged,
    wire: {
      prompt_tokens: usage.promptTokens,
      completion_tokens: usage.completionTokens,
      total_tokens: usage.promptTokens + usage.completionTokens,
      prompt_tokens_details: { cached_tokens: usage.cachedTokens },
      completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
      cost: microsToUsd(charged),
      is_byok: plan.isByok,
      cost_details: {
        upstream_inference_prompt_cost: microsToUsd(cost.promptMicros),
        upstream_inference_completions_cost: microsToUsd(cost.completionMicros),
        upstream_inference_cost: microsToUsd(cost.totalMicros),
      },
    },
  };
}

function finish(c: Common, usage: Usage, extra: { finishReason: string | null; upstreamId: string | null; ttftMs: number | null; responseBody?: unknown; cancelled?: boolean; status?: number }) {
  const { cost, charged } = usageObject(usage, c.candidate);
  const generationMs = Date.now() - c.attemptStart;
  const stickyKey = c.body.user ?? c.body.session_id;
  if (stickyKey && !extra.cancelled) setSticky(c.ctx.account.id, stickyKey, c.candidate.model.slug, c.candidate.endpoint.id);
  health.record(c.candidate.endpoint.id, { ok: true, latencyMs: c.attempts[c.attempts.length - 1].latency, ttftMs: extra.ttftMs, outputTokens: usage.completionTokens, generationMs, at: Date.now() });
  c.healthRecords.push({ endpointId: c.candidate.endpoint.id, ok: true, latencyMs: c.attempts[c.attempts.length - 1].latency, ttftMs: extra.ttftMs, outputTokens: usage.completionTokens, generationMs });
  const logBodies = c.account.promptLogging && !c.zdr;
  recordGeneration({
    ...c.base,
    model: c.candidate.model.slug,
    providerSlug: c.candidate.endpoint.provider.slug,
    endpointId: c.candidate.endpoint.id,
    upstreamId: extra.upstreamId,
    status: extra.status ?? 200,
    finishReason: extra.finishReason,
    promptTokens: usage.promptTokens,
    completionTokens: usage.completionTokens,
    reasoningTokens: usage.reasoningTokens,
    cachedTokens: usage.cachedTokens,
    costMicros: charged,
    upstreamCostMicros: cost.totalMicros,
    isByok: c.candidate.isByok,
    cancelled: extra.cancelled ?? false,
    latencyMs: Date.now() - c.started - generationMs + (extra.ttftMs ?? c.attempts[c.attempts.length - 1].latency),
    generationTimeMs: generationMs,
    attempts: c.attempts as never,
    health: c.healthRecords,
    requestBody: logBodies ? (c.body as never) : undefined,
    responseBody: logBodies && extra.responseBody !== undefined ? (extra.responseBody as never) : undefined,
  });
}

type UpstreamCompletion = { id?: string; choices?: { message?: { content?: unknown }; finish_reason?: string | null }[]; usage?: UpstreamUsage; system_fingerprint?: string | null; service_tier?: string | null };

function jsonResponse(upstream: UpstreamCompletion, c: Common): JsonReply {
  const completionText = JSON.stringify(upstream.choices?.map((ch) => ch.message?.content ?? "") ?? "");
  const usage = readUsage(upstream.usage, { body: c.body, completionText });
  const { wire } = usageObject(usage, c.candidate);
  const response = {
    ...upstream,
    id: c.id,
    object: "chat.completion",
    created: Math.floor(c.started / 1000),
    model: c.candidate.model.slug,
    provider: c.candidate.endpoint.provider.name,
    system_fingerprint: upstream.system_fingerprint ?? null,
    choices: upstream.choices ?? [],
    usage: wire,
  };
  finish(c, usage, { finishReason: upstream.choices?.[0]?.finish_reason ?? null, upstreamId: upstream.id ?? null, ttftMs: null, responseBody: response.choices });
  return { status: 200, headers: { "x-generation-id": c.id }, json: JSON.stringify(response) };
}

function streamResponse(res: UpstreamResponse, c: Common): Response {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  const reader = res.body!.getReader();
  let buffer = "";
  let ttftMs: number | null = null;
  let upstreamUsage: UpstreamUsage | undefined;
  let upstreamId: string | null = null;
  let finishReason: string | null = null;
  let completionText = "";
  let done = false;
  const created = Math.floor(c.started / 1000);

  const finalize = (cancelled: boolean) => {
    if (done) return;
    done = true;
    finish(c, readUsage(upstreamUsage, { body: c.body, completionText }), { finishReason, upstreamId, ttftMs, responseBody: completionText, cancelled, status: cancelled ? 499 : 200 });
  };

  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done: ended } = await reader.read();
        if (ended) {
          const usage = readUsage(upstreamUsage, { body: c.body, completionText });
          controller.enqueue(encoder.encode(`data: ${JSON.stringify({ id: c.id, object: "chat.completion.chunk", created, model: c.candidate.model.slug, choices: [], usage: usageObject(usage, c.candidate).wire })}\n\n`));
          controller.enqueue(encoder.encode("data: [DONE]\n\n"));
          finalize(false);
          controller.close();
          return;
        }
        buffer += decoder.decode(value, { stream: true });
        const events = buffer.split(/\r?\n\r?\n/);
        buffer = events.pop() ?? "";
        let out = "";
        for (const event of events) {
          const data = event
            .split(/\r?\n/)
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trimStart())
            .join("\n");
          if (!data || data === "[DONE]") continue;
          let chunk: { id?: string; choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[]; usage?: UpstreamUsage; system_fingerprint?: string | null };
          try {
            chunk = JSON.parse(data);
          } catch {
            continue;
          }
          upstreamId ??= chunk.id ?? null;
          if (chunk.usage) upstreamUsage = chunk.usage;
          if (!chunk.choices?.length) continue; // the upstream's usage chunk: ours replaces it at the end
          for (const choice of chunk.choices) {
            if (choice.delta?.content) {
              ttftMs ??= Date.now() - c.attemptStart;
              completionText += choice.delta.content;
            }
            if (choice.finish_reason) finishReason = choice.finish_reason;
          }
          const { system_fingerprint, ...rest } = chunk;
          const rewritten = { ...rest, ...(system_fingerprint ? { system_fingerprint } : {}), id: c.id, object: "chat.completion.chunk", created, model: c.candidate.model.slug, usage: undefined };
          out += `data: ${JSON.stringify(rewritten)}\n\n`;
        }
        if (out) controller.enqueue(encoder.encode(out));
      } catch (error) {
        if (c.signal.aborted) {
          finalize(true);
          controller.close();
          return;
        }
        // The provider broke off mid-stream: tell the client in the stream, then end it.
        controller.enqueue(encoder.encode(`data: ${JSON.stringify({ id: c.id, object: "chat.completion.chunk", created, model: c.candidate.model.slug, choices: [], error: { code: 502, message: `The provider stopped mid-stream: ${(error as Error).message}`, metadata: { error_type: "provider_unavailable" } } })}\n\n`));
        controller.enqueue(encoder.encode("data: [DONE]\n\n"));
        finalize(false);
        controller.close();
      }
    },
    cancel() {
      void reader.cancel().catch(() => undefined);
      finalize(true);
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", "x-generation-id": c.id, connection: "keep-alive" },
  });
}
