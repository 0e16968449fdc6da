// Wire shapes (snake_case, USD numbers, ISO timestamps) for our own resources.
import { endpointParameters } from "../gateway/providers";
import type { Role } from "../generated/prisma/enums";
import { microsToUsd } from "../money";
import { invitationStatus } from "../services/invitations/invitation-token";
import { usageAgainstLimit, type KeyUsage } from "../services/api-keys/key-usage";
import type { CatalogModel } from "../gateway/catalog";
import { perTokenUsdString } from "../gateway/pricing";

type Person = { id: string; name: string | null; email: string } | null;
const person = (p: Person) => (p ? { id: p.id, name: p.name, email: p.email } : null);

export const WIRE_ROLE: Record<Role, string> = { ADMIN: "org:admin", MEMBER: "org:member", BILLING: "org:billing" };

export function toInvitationResponse(i: {
  id: string; email: string; role: Role; expiresAt: Date; createdAt: Date; acceptedAt: Date | null; revokedAt: Date | null; sentCount: number;
  invitedBy?: Person;
}) {
  return {
    id: i.id,
    email: i.email,
    role: WIRE_ROLE[i.role],
    status: invitationStatus(i),
    expires_at: i.expiresAt.toISOString(),
    created_at: i.createdAt.toISOString(),
    sent_count: i.sentCount,
    invited_by: person(i.invitedBy ?? null),
  };
}

export function toCreditEntryResponse(e: {
  id: string; kind: string; amountMicros: bigint; balanceAfterMicros: bigint; note: string | null; createdAt: Date; actor?: Person; actorKeyId: string | null;
}) {
  return {
    id: e.id,
    kind: e.kind.toLowerCase(),
    amount: microsToUsd(e.amountMicros),
    balance_after: microsToUsd(e.balanceAfterMicros),
    note: e.note,
    created_at: e.createdAt.toISOString(),
    actor: person(e.actor ?? null),
    actor_key_id: e.actorKeyId,
  };
}

/** An entry of the operator's instance-wide ledger: a credit entry and the account it went to. */
export function toCreditGrantResponse(e: Parameters<typeof toCreditEntryResponse>[0] & { account: { id: string; name: string; type: string; slug: string | null } }) {
  return { ...toCreditEntryResponse(e), account: { id: e.account.id, name: e.account.name, type: e.account.type.toLowerCase(), slug: e.account.slug } };
}

export function toAuditEventResponse(e: {
  id: string; action: string; targetType: string; targetId: string | null; metadata: unknown; createdAt: Date; actor?: Person; actorKeyId: string | null;
}) {
  return {
    id: e.id,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    metadata: e.metadata,
    created_at: e.createdAt.toISOString(),
    actor: person(e.actor ?? null),
    actor_key_id: e.actorKeyId,
  };
}

export function toMemberResponse(m: { id: string; email: string; name: string | null; role: Role; joinedAt?: Date; lastActiveAt?: Date | null }) {
  const [first, ...rest] = (m.name ?? "").trim().split(/\s+/).filter(Boolean);
  return {
    id: m.id,
    email: m.email,
    first_name: first ?? null,
    last_name: rest.length ? rest.join(" ") : null,
    role: WIRE_ROLE[m.role],
    ...(m.joinedAt ? { joined_at: m.joinedAt.toISOString() } : {}),
    ...(m.lastActiveAt !== undefined ? { last_active_at: m.lastActiveAt?.toISOString() ?? null } : {}),
  };
}

type KeyRow = {
  id: string; accountId: string; kind: "INFERENCE" | "MANAGEMENT"; name: string; hash: string; label: string; disabled: boolean;
  limitMicros: bigint | null; limitReset: "DAILY" | "WEEKLY" | "MONTHLY" | null; includeByokInLimit: boolean;
  expiresAt: Date | null; lastUsedAt: Date | null; requestCount: bigint; externalUser: string | null;
  creatorUserId: string | null; createdAt: Date; updatedAt: Date;
  creator?: Person; rotatedFrom?: { hash: string } | null; rotatedTo?: { hash: string } | null;
};

const RESET_WIRE = { DAILY: "daily", WEEKLY: "weekly", MONTHLY: "monthly" } as const;

export function keyStatus(k: Pick<KeyRow, "disabled" | "expiresAt">, now = Date.now()): "active" | "disabled" | "expired" | "expiring" {
  if (k.disabled) return "disabled";
  if (k.expiresAt && k.expiresAt.getTime() <= now) return "expired";
  return k.expiresAt ? "expiring" : "active";
}

function usageFields(usage: KeyUsage) {
  return {
    usage: microsToUsd(usage.usage),
    usage_daily: microsToUsd(usage.daily),
    usage_weekly: microsToUsd(usage.weekly),
    usage_monthly: microsToUsd(usage.monthly),
    byok_usage: microsToUsd(usage.byok),
    byok_usage_daily: microsToUsd(usage.byokDaily),
    byok_usage_weekly: microsToUsd(usage.byokWeekly),
    byok_usage_monthly: microsToUsd(usage.byokMonthly),
  };
}

function limitFields(k: KeyRow, usage: KeyUsage) {
  const spent = usageAgainstLimit(usage, k);
  return {
    limit: k.limitMicros === null ? null : microsToUsd(k.limitMicros),
    limit_remaining: k.limitMicros === null ? null : microsToUsd(k.limitMicros > spent ? k.limitMicros - spent : 0n),
    limit_reset: k.limitReset ? RESET_WIRE[k.limitReset] : null,
    include_byok_in_limit: k.includeByokInLimit,
  };
}

/** The Key object of API_CONTRACT §4, plus Tollgate's own fields (kind, status, rotation, activity). */
export function toKeyResponse({ key: k, usage }: { key: KeyRow; usage: KeyUsage }) {
  return {
    hash: k.hash,
    name: k.name,
    label: k.label,
    disabled: k.disabled,
    ...limitFields(k, usage),
    ...usageFields(usage),
    created_at: k.createdAt.toISOString(),
    updated_at: k.updatedAt.toISOString(),
    creator_user_id: k.creatorUserId,
    external_user: k.externalUser,
    workspace_id: k.accountId,
    expires_at: k.expiresAt ? k.expiresAt.toISOString() : null,
    kind: k.kind === "MANAGEMENT" ? "management" : "inference",
    status: keyStatus(k),
    last_used_at: k.lastUsedAt ? k.lastUsedAt.toISOString() : null,
    request_count: Number(k.requestCount),
    rotated_from_hash: k.rotatedFrom?.hash ?? null,
    rotated_to_hash: k.rotatedTo?.hash ?? null,
    creator: person(k.creator ?? null),
  };
}

/** GET /key (API_CONTRACT §4 CurrentKey): the calling key, without hash/name/disabled. */
export function toCurrentKeyResponse({ key: k, usage }: { key: KeyRow & { account: { type: string } } ; usage: KeyUsage }) {
  const isManagement = k.kind === "MANAGEMENT";
  return {
    label: k.label,
    ...limitFields(k, usage),
    ...usageFields(usage),
    is_free_tier: false,
    is_management_key: isManagement,
    is_provisioning_key: isManagement,
    allowed_data_regions: ["global"],
    free_model_daily_requests: { limit: 0, remaining: 0, used: 0 },
    rate_limit: { interval: "10s", note: "Tollgate does not rate-limit keys; guardrails and limits apply.", requests: -1 },
    creator_user_id: k.creatorUserId,
    organization_id: k.account.type === "ORGANIZATION" ? k.accountId : null,
    workspace_id: k.accountId,
    expires_at: k.expiresAt ? k.expiresAt.toISOString() : null,
  };
}

type GenerationRow = {
  id: string; model: string; providerSlug?: string | null; endUser?: string | null; status: number; finishReason?: string | null;
  promptTokens?: number; completionTokens?: number; reasoningTokens?: number; cachedTokens?: number; costMicros: bigint;
  upstreamCostMicros?: bigint | number | null; isByok?: boolean; streamed?: boolean; cancelled?: boolean; latencyMs?: number | null;
  generationTimeMs?: number | null; attempts?: unknown; upstreamId?: string | null; httpReferer?: string | null; userAgent?: string | null;
  createdAt: Date; errorMessage?: string | null; zdr?: boolean;
};

/** The Generation object of API_CONTRACT §8 (every key present), plus Tollgate's status and error. */
export function toGenerationResponse(g: GenerationRow) {
  const attempts = (Array.isArray(g.attempts) ? g.attempts : []) as { status: number | null; endpoint_id?: string; provider_name?: string; is_byok?: boolean; latency?: number; model?: string }[];
  const upstreamCost = microsToUsd(BigInt(g.upstreamCostMicros ?? 0));
  const providerName = attempts.length ? (attempts[attempts.length - 1].provider_name ?? null) : null;
  return {
    id: g.id,
    model: g.model,
    origin: g.httpReferer ?? "",
    created_at: g.createdAt.toISOString(),
    total_cost: microsToUsd(g.costMicros),
    usage: microsToUsd(g.costMicros),
    is_byok: g.isByok ?? false,
    data_region: "global",
    api_type: "completions",
    app_id: null,
    cache_discount: null,
    cancelled: g.cancelled ?? false,
    external_user: g.endUser ?? null,
    finish_reason: g.finishReason ?? null,
    native_finish_reason: g.finishReason ?? null,
    generation_time: g.generationTimeMs ?? null,
    latency: g.latencyMs ?? null,
    moderation_latency: null,
    http_referer: g.httpReferer ?? null,
    user_agent: g.userAgent ?? null,
    tokens_prompt: g.promptTokens ?? 0,
    tokens_completion: g.completionTokens ?? 0,
    native_tokens_prompt: g.promptTokens ?? 0,
    native_tokens_completion: g.completionTokens ?? 0,
    native_tokens_cached: g.cachedTokens ?? 0,
    native_tokens_reasoning: g.reasoningTokens ?? 0,
    native_tokens_completion_images: null,
    num_fetches: null,
    num_input_audio_prompt: null,
    num_media_prompt: null,
    num_media_completion: null,
    num_search_results: null,
    preset_id: null,
    provider_name: providerName,
    router: null,
    service_tier: null,
    streamed: g.streamed ?? false,
    upstream_id: g.upstreamId ?? null,
    upstream_inference_cost: upstreamCost,
    web_search_engine: null,
    workspace_id: null,
    provider_responses: attempts.map((a) => ({ status: a.status ?? null, endpoint_id: a.endpoint_id, provider_name: a.provider_name, is_byok: a.is_byok, latency: a.latency, model_permaslug: a.model })),
    status: g.status,
    zdr: g.zdr ?? false,
    error: g.errorMessage ?? null,
  };
}

/** The parameters any of the model's endpoints takes (its own catalog list, else its provider format's). */
export function modelParameters(endpoints: CatalogModel["endpoints"]): string[] {
  const all = new Set<string>();
  for (const e of endpoints) for (const p of endpointParameters(e)) if (e.supportsTools || !["tools", "tool_choice", "parallel_tool_calls"].includes(p)) all.add(p);
  return [...all].sort();
}

/** A Model of API_CONTRACT §10. Prices are the cheapest enabled endpoint's, USD per token as strings. */
export function toModelResponse({ model, endpoints }: { model: CatalogModel; endpoints: CatalogModel["endpoints"] }) {
  const cheapest = [...endpoints].sort((a, b) => Number(a.promptPriceMicros + a.completionPriceMicros - (b.promptPriceMicros + b.completionPriceMicros)))[0];
  const top = endpoints.reduce((best, e) => (e.contextLength > best.contextLength ? e : best), endpoints[0]);
  return {
    id: model.slug,
    canonical_slug: model.slug,
    name: model.name,
    created: Math.floor(model.createdAt.getTime() / 1000),
    description: model.description ?? "",
    context_length: model.contextLength,
    architecture: { modality: "text->text", input_modalities: ["text"], output_modalities: ["text"], tokenizer: "Other", instruct_type: null },
    pricing: {
      prompt: perTokenUsdString(cheapest.promptPriceMicros),
      completion: perTokenUsdString(cheapest.completionPriceMicros),
      ...(cheapest.cachedPriceMicros !== null ? { input_cache_read: perTokenUsdString(cheapest.cachedPriceMicros) } : {}),
      ...(cheapest.cacheWritePriceMicros ? { input_cache_write: perTokenUsdString(cheapest.cacheWritePriceMicros) } : {}),
    },
    top_provider: { is_moderated: false, context_length: top.contextLength, max_completion_tokens: top.maxCompletionTokens },
    per_request_limits: null,
    supported_parameters: modelParameters(endpoints),
    supported_voices: null,
    default_parameters: null,
    links: { details: `/api/v1/models/${model.slug}/endpoints` },
    providers: endpoints.map((e) => ({ slug: e.provider.slug, name: e.provider.name, zdr: !e.provider.retainsData, sandbox: e.provider.isSandbox })),
  };
}

const stringList = (value: unknown): string[] | null => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : null);

/** A BYOK provider key (API_CONTRACT §6). The secret is never part of it: `label` is "…wxyz". */
export function toByokKeyResponse(k: {
  id: string; accountId: string; provider: string; name: string | null; label: string; disabled: boolean; isFallback: boolean; isRequired: boolean;
  isByokOnly: boolean; sortOrder: number; allowedModels: unknown; allowedApiKeyHashes: unknown; allowedUserIds: unknown; declaredZdr: boolean | null;
  createdAt: Date; updatedAt: Date;
}) {
  return {
    id: k.id,
    provider: k.provider,
    label: k.label,
    name: k.name,
    disabled: k.disabled,
    is_fallback: k.isFallback,
    is_required: k.isRequired,
    is_byok_only: k.isByokOnly,
    sort_order: k.sortOrder,
    allowed_models: stringList(k.allowedModels),
    allowed_api_key_hashes: stringList(k.allowedApiKeyHashes),
    allowed_user_ids: stringList(k.allowedUserIds),
    declared_zdr: k.declaredZdr,
    workspace_id: k.accountId,
    created_at: k.createdAt.toISOString(),
    updated_at: k.updatedAt.toISOString(),
  };
}

type CatalogEndpointRow = {
  id: string; upstreamModel: string; promptPriceMicros: bigint; completionPriceMicros: bigint; cachedPriceMicros: bigint | null;
  contextLength: number; enabled: boolean; supportsTools: boolean; model: { slug: string; name: string; contextLength: number };
};

/** A catalog endpoint; prices in USD per million tokens (as the catalog page edits them). */
export function toCatalogEndpointResponse(e: CatalogEndpointRow & { provider?: { slug: string } }) {
  return {
    id: e.id,
    ...(e.provider ? { provider: e.provider.slug } : {}),
    model: { slug: e.model.slug, name: e.model.name, context_length: e.model.contextLength },
    upstream_model: e.upstreamModel,
    pricing: {
      prompt: microsToUsd(e.promptPriceMicros),
      completion: microsToUsd(e.completionPriceMicros),
      cached: e.cachedPriceMicros === null ? null : microsToUsd(e.cachedPriceMicros),
    },
    context_length: e.contextLength,
    enabled: e.enabled,
    supports_tools: e.supportsTools,
  };
}
export type CatalogEndpointResponse = ReturnType<typeof toCatalogEndpointResponse>;

/** A catalog provider. Its API key is never returned: only whether it is set and its last 4 characters. */
export function toCatalogProviderResponse(p: {
  id: string; slug: string; name: string; baseUrl: string; apiFormat: string; config: unknown; enabled: boolean; retainsData: boolean; trainsOnData: boolean; isSandbox: boolean;
  timeoutMs: number; updatedAt: Date; apiKey: { isSet: boolean; hint: string | null }; endpoints: CatalogEndpointRow[];
}) {
  return {
    id: p.id,
    slug: p.slug,
    name: p.name,
    base_url: p.baseUrl,
    api_format: p.apiFormat,
    api_version: (p.config as { apiVersion?: string } | null)?.apiVersion ?? null,
    enabled: p.enabled,
    retains_data: p.retainsData,
    zdr: !p.retainsData,
    trains_on_data: p.trainsOnData,
    is_sandbox: p.isSandbox,
    timeout_ms: p.timeoutMs,
    api_key: { is_set: p.apiKey.isSet, hint: p.apiKey.hint },
    updated_at: p.updatedAt.toISOString(),
    endpoints: p.endpoints.map((e) => toCatalogEndpointResponse(e)),
  };
}
export type CatalogProviderResponse = ReturnType<typeof toCatalogProviderResponse>;

const slugs = (v: unknown) => (Array.isArray(v) ? v.map(String) : null);

/** A guardrail on the wire (API_CONTRACT §5); fields Tollgate does not enforce are null. */
export function toGuardrailResponse(g: {
  id: string; accountId: string; name: string; description: string | null; limitMicros: bigint | null; resetInterval: "DAILY" | "WEEKLY" | "MONTHLY" | null;
  includeByokInBudgets: boolean; allowedModels: unknown; ignoredModels: unknown; allowedProviders: unknown; ignoredProviders: unknown; enforceZdr: boolean;
  createdAt: Date; updatedAt: Date; _count?: { keyAssignments: number; memberAssignments: number };
}) {
  return {
    id: g.id,
    name: g.name,
    description: g.description,
    created_at: g.createdAt.toISOString(),
    updated_at: g.updatedAt.toISOString(),
    workspace_id: g.accountId,
    include_byok_in_budgets: g.includeByokInBudgets,
    limit_usd: g.limitMicros === null ? null : microsToUsd(g.limitMicros),
    reset_interval: g.resetInterval ? g.resetInterval.toLowerCase() : null,
    allowed_models: slugs(g.allowedModels),
    ignored_models: slugs(g.ignoredModels),
    allowed_providers: slugs(g.allowedProviders),
    ignored_providers: slugs(g.ignoredProviders),
    allowed_data_regions: null,
    enforce_zdr: g.enforceZdr,
    content_filters: null,
    content_filter_builtins: null,
    ...(g._count ? { key_assignment_count: g._count.keyAssignments, member_assignment_count: g._count.memberAssignments } : {}),
  };
}

export function toKeyAssignmentResponse(a: { id: string; guardrailId: string; assignedById: string | null; createdAt: Date; apiKey: { hash: string; name: string; label: string } }) {
  return { id: a.id, guardrail_id: a.guardrailId, key_hash: a.apiKey.hash, key_name: a.apiKey.name, key_label: a.apiKey.label, assigned_by: a.assignedById, created_at: a.createdAt.toISOString() };
}

export function toMemberAssignmentResponse(a: { id: string; guardrailId: string; userId: string; accountId: string; assignedById: string | null; createdAt: Date; user?: { email: string; name: string | null } }) {
  return {
    id: a.id, guardrail_id: a.guardrailId, user_id: a.userId, organization_id: a.accountId, assigned_by: a.assignedById, created_at: a.createdAt.toISOString(),
    ...(a.user ? { user_email: a.user.email, user_name: a.user.name } : {}),
  };
}
