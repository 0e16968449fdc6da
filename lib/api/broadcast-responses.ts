// Wire shapes of Broadcast (API_CONTRACT §9): destinations with camelCase config, secrets masked.
import { BRAINTRUST_DEFAULT_URL } from "../broadcast/formats/braintrust";
import { DATADOG_DEFAULT_URL } from "../broadcast/formats/datadog";
import { LANGFUSE_DEFAULT_URL } from "../broadcast/formats/langfuse";
import { LANGSMITH_DEFAULT_URL } from "../broadcast/formats/langsmith";
import { maskHeaders } from "../broadcast/destination-secrets";
import { S3_DEFAULT_PREFIX, S3_DEFAULT_TEMPLATE } from "../broadcast/formats/s3";

const CONFIG_DEFAULTS: Record<string, Record<string, string>> = {
  datadog: { url: DATADOG_DEFAULT_URL },
  langfuse: { baseUrl: LANGFUSE_DEFAULT_URL },
  langsmith: { endpoint: LANGSMITH_DEFAULT_URL, project: "main" },
  braintrust: { baseUrl: BRAINTRUST_DEFAULT_URL },
  s3: { prefix: S3_DEFAULT_PREFIX, pathTemplate: S3_DEFAULT_TEMPLATE },
  webhook: { method: "POST" },
};

export type DestinationRow = {
  id: string; accountId: string; type: string; name: string | null; enabled: boolean; privacyMode: boolean; samplingRate: number; regions: unknown;
  apiKeyHashes: unknown; broadcastCost: boolean; broadcastIdentity: boolean; broadcastRequestContext: boolean; filterRules: unknown; config: unknown;
  secretHints: unknown; createdAt: Date; updatedAt: Date;
};

/** The clear config; headers still stored in clear (a row saved before they were sealed) are masked too. */
function clearConfig(config: unknown): Record<string, unknown> {
  const { headers, ...rest } = (config ?? {}) as Record<string, unknown>;
  return headers && typeof headers === "object" ? { ...rest, headers: maskHeaders(headers as Record<string, string>) } : rest;
}

export function toDestinationResponse(d: DestinationRow) {
  return {
    id: d.id,
    type: d.type,
    name: d.name,
    enabled: d.enabled,
    privacy_mode: d.privacyMode,
    sampling_rate: d.samplingRate,
    regions: Array.isArray(d.regions) ? (d.regions as string[]) : ["global"],
    api_key_hashes: Array.isArray(d.apiKeyHashes) ? (d.apiKeyHashes as string[]) : null,
    broadcast_generation_cost: d.broadcastCost,
    broadcast_generation_identity: d.broadcastIdentity,
    broadcast_generation_request_context: d.broadcastRequestContext,
    filter_rules: (d.filterRules ?? null) as object | null,
    // Secret fields and header values come back as their hint ("…wxyz"); sending that back unchanged keeps the secret.
    config: { ...(CONFIG_DEFAULTS[d.type] ?? {}), ...clearConfig(d.config), ...((d.secretHints ?? {}) as object) },
    workspace_id: d.accountId,
    created_at: d.createdAt.toISOString(),
    updated_at: d.updatedAt.toISOString(),
  };
}

export type DeliveryRow = {
  id: string; generationId: string; idempotencyKey: string; status: string; attempts: number; nextAttemptAt: Date; lastError: string | null;
  latencyMs: number | null; deliveredAt: Date | null; traceAt: Date; createdAt: Date;
};

/** pending with a failed attempt behind it is "retrying". */
export const deliveryStatus = (d: { status: string; attempts: number }) => (d.status === "pending" && d.attempts > 0 ? "retrying" : d.status);

export function toDeliveryResponse(d: DeliveryRow) {
  return {
    id: d.id,
    generation_id: d.generationId,
    idempotency_key: d.idempotencyKey,
    status: deliveryStatus(d),
    attempts: d.attempts,
    next_attempt_at: d.status === "pending" ? d.nextAttemptAt.toISOString() : null,
    last_error: d.lastError,
    latency_ms: d.latencyMs,
    delivered_at: d.deliveredAt?.toISOString() ?? null,
    trace_at: d.traceAt.toISOString(),
    created_at: d.createdAt.toISOString(),
  };
}
