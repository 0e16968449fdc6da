// POST /api/v1/chat/completions, as its steps: admission (plan, policy, budget holds:
// pipeline/admission.ts) -> attempts with fallbacks, each through its provider's adapter
// (providers/<format>/) and the transport (upstream.ts) -> the reply with usage, cost and the
// metering record (pipeline/reply.ts). Every request that reaches an account, answered or refused,
// leaves a generation record.
import { randomBytes } from "node:crypto";
import { AppError } from "../api/errors";
import type { KeyCtx } from "../services/api-keys/authenticate-api-key";
import type { LeasedRecord } from "../guardrails/budget-ledger";
import { cachedKeyRules, keyLimitOf } from "../guardrails/load-rules";
import { mergePolicy } from "../guardrails/merge";
import { recordGeneration } from "../metering/queue";
import type { GenerationRecord, HealthSample } from "../metering/record";
import type { ChatRequest } from "../validations/chat";
import { accountState } from "./account-state";
import { health } from "./health";
import { clientMaxTokens, holdBudgets, outputCap, planCandidates, estimateTokens, type Plan } from "./pipeline/admission";
import { jsonReply, streamReply, type Attempt, type GatewayReply, type ReplyContext } from "./pipeline/reply";
import { adapterFor } from "./providers";
import { excludesReasoning } from "./providers/common";
import type { ProviderPreferences } from "./routing";
import { callUpstream, providerBaseUrl, UpstreamTimeoutError, type UpstreamResponse } from "./upstream";
import { OutboundRefusedError } from "../net/outbound-policy";

export { toWebResponse, type GatewayReply, type JsonReply } from "./pipeline/web-response";

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

type RequestMeta = { httpReferer: string | null; userAgent: string | null; signal: AbortSignal };

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

  // 1. Admission.
  const plans = await planCandidates(ctx, body, prefs, { zdr, policy });
  if ("error" in plans) throw refuse(plans.error);
  const allowFallbacks = prefs.allow_fallbacks !== false;
  let candidates: Plan[];
  try {
    const held = await holdBudgets(ctx, body, allowFallbacks ? plans.list : plans.list.slice(0, 1), { policy, account, now: new Date(started) });
    candidates = held.candidates;
    if (held.holds.length) base.leases = held.holds;
  } catch (error) {
    throw error instanceof AppError ? refuse(error) : error;
  }

  // 2. Attempts, in order, with fallbacks.
  const attempts: Attempt[] = [];
  const healthRecords: HealthSample[] = [];
  const retryAfters: number[] = [];
  // An attempt that got no usable answer: the router's health now, the endpoint's buckets in the batch.
  const attemptHealth = (endpointId: string, ok: boolean, latencyMs: number) => {
    health.record(endpointId, { ok, latencyMs, at: Date.now() });
    healthRecords.push({ endpointId, ok, latencyMs, ttftMs: null, outputTokens: 0, generationMs: null });
  };
  const excludeReasoning = excludesReasoning(body);
  const promptEstimate = estimateTokens(body.messages);
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
    const adapter = adapterFor(candidate.endpoint);
    let res: UpstreamResponse;
    try {
      const request = await adapter.buildRequest({
        body, endpoint: candidate.endpoint, baseUrl: await providerBaseUrl(candidate.endpoint), apiKey: candidate.apiKey, stream: body.stream,
        maxOutputTokens: clientMaxTokens(body) ?? outputCap(body, candidate.endpoint, promptEstimate),
      });
      res = await callUpstream(candidate.endpoint, { request, signal: meta.signal });
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
      const reply: ReplyContext = { ctx, body, id, base, candidate, attempts, healthRecords, started, attemptStart, account, zdr, signal: meta.signal };
      // 3. The reply.
      if (body.stream) return streamReply(res, adapter.streamDecoder({ excludeReasoning }), reply);
      try {
        return jsonReply(adapter.parseCompletion(await res.json(), { excludeReasoning }), reply);
      } catch (error) {
        // A 200 whose body breaks off or is not the format's JSON is a failed attempt like a 5xx: try the next one.
        attempt.latency = Date.now() - attemptStart;
        if (meta.signal.aborted) break;
        attempt.error = `unreadable response: ${(error as Error).message}`;
        attemptHealth(candidate.endpoint.id, false, attempt.latency);
        continue;
      }
    }
    const failure = adapter.parseError(res.status, await res.text().catch(() => ""), res.headers);
    attempt.error = failure.message ?? `HTTP ${res.status}`;
    if (failure.retryAfterSeconds !== null) retryAfters.push(failure.retryAfterSeconds);
    attemptHealth(candidate.endpoint.id, !failure.retryable, attempt.latency);
    if (!failure.retryable) {
      // The provider refused the request itself (4xx): another provider would too. Say why.
      const error = new AppError("bad_request", `${candidate.endpoint.provider.name} rejected the request: ${attempt.error}`, { provider_status: res.status, attempts });
      throw refuse(error, { attempts: attempts as never, health: healthRecords, providerSlug: candidate.endpoint.provider.slug });
    }
  }

  if (meta.signal.aborted) {
    recordGeneration({ ...base, status: 499, cancelled: true, attempts: attempts as never, health: healthRecords, errorMessage: "The client disconnected.", latencyMs: Date.now() - started });
    return new Response(null, { status: 499 });
  }
  const models = plans.list.map((p) => p.model.slug).filter((v, i, a) => a.indexOf(v) === i).join(", ");
  const tried = attempts.map((a) => `${a.provider_name} (${a.status ?? "no response"}: ${a.error})`).join("; ");
  // Every provider rate-limited the request: a 429 the client waits on (a 502 would be retried at once).
  if (attempts.length && attempts.every((a) => a.status === 429)) {
    const wait = Math.max(1, ...retryAfters);
    throw refuse(new AppError("rate_limited", `Every provider is rate-limiting ${models}: ${tried}. Retry after ${wait} s.`, { attempts, retry_after_seconds: wait }, { "retry-after": String(wait) }), { attempts: attempts as never, health: healthRecords });
  }
  throw refuse(new AppError("upstream_error", `Every provider failed for ${models}: ${tried}.`, { attempts }), { attempts: attempts as never, health: healthRecords });
}
