// Broadcast destination types, their secret config fields, and the trace every destination receives.

/** Every type of the contract (API_CONTRACT §9); only SUPPORTED_TYPES can be created on this instance. */
export const DESTINATION_TYPES = [
  "arize", "braintrust", "clickhouse", "datadog", "grafana", "langfuse", "langsmith", "newrelic", "opik",
  "otel-collector", "posthog", "ramp", "s3", "sentry", "snowflake", "weave", "webhook",
] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

export const SUPPORTED_TYPES = ["datadog", "langfuse", "langsmith", "braintrust", "otel-collector", "s3", "webhook"] as const;
export type SupportedType = (typeof SUPPORTED_TYPES)[number];

export const TYPE_LABELS: Record<SupportedType, string> = {
  datadog: "Datadog",
  langfuse: "Langfuse",
  langsmith: "LangSmith",
  braintrust: "Braintrust",
  "otel-collector": "OpenTelemetry Collector",
  s3: "Amazon S3 / S3-compatible",
  webhook: "Webhook",
};

/** Config fields stored encrypted and never returned (the response shows "…wxyz"). */
export const SECRET_FIELDS: Record<SupportedType, readonly string[]> = {
  datadog: ["apiKey"],
  langfuse: ["secretKey"],
  langsmith: ["apiKey"],
  braintrust: ["apiKey"],
  "otel-collector": [],
  s3: ["secretAccessKey", "sessionToken"],
  webhook: ["signingSecret"],
};

/** Config fields holding a URL Tollgate calls: checked by the outbound policy at save time and at every send. */
export const URL_FIELDS: Record<SupportedType, readonly string[]> = {
  datadog: ["url"],
  langfuse: ["baseUrl"],
  langsmith: ["endpoint"],
  braintrust: ["baseUrl"],
  "otel-collector": ["endpoint"],
  s3: ["endpoint"],
  webhook: ["url"],
};

/** At most this many destinations of one type per account (the source document's limit). */
export const MAX_PER_TYPE = 5;

export type DestinationConfig = Record<string, unknown> & { headers?: Record<string, string> };

/** A destination ready to send: its config with the secrets decrypted. */
export type ResolvedDestination = { id: string; accountId: string; type: SupportedType; name: string | null; config: DestinationConfig };

/**
 * The trace of one generation, as stored in the outbox and handed to every formatter. `input` and
 * `output` are null unless bodies may leave (prompt logging on, not ZDR, destination not in privacy mode).
 */
export type Trace = {
  id: string; // the generation id
  idempotency_key: string; // `${destination id}:${generation id}`, stable across retries and replays
  timestamp: string; // request start, ISO
  end_time: string;
  model: string;
  provider: string | null;
  status: number; // the HTTP status Tollgate answered
  ok: boolean;
  finish_reason: string | null;
  error: string | null;
  usage: { prompt_tokens: number; completion_tokens: number; reasoning_tokens: number; cached_tokens: number; total_tokens: number };
  cost_usd: number;
  latency_ms: number | null;
  generation_time_ms: number | null;
  streamed: boolean;
  cancelled: boolean;
  byok: boolean;
  zdr: boolean;
  user: string | null;
  api_key: { id: string; name: string; label: string } | null;
  metadata_only: boolean;
  input: unknown;
  output: unknown;
};

/** One HTTP request a formatter builds; the sender adds the timeout. */
export type OutboundRequest = { url: string; method: "POST" | "PUT"; headers: Record<string, string>; body: string };
