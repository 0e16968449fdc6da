// Braintrust logs insert API: POST {baseUrl}/v1/project_logs/{projectId}/insert with a Bearer key
// (https://www.braintrust.dev/docs/reference/api/Logs). The event id is the idempotency key: Braintrust
// upserts by id, so a repeat replaces the same row.
import type { DestinationConfig, OutboundRequest, Trace } from "../types";
import { extraHeaders, str, trimSlash } from "./common";

export const BRAINTRUST_DEFAULT_URL = "https://api.braintrust.dev";

export function braintrustEvent(trace: Trace) {
  return {
    id: trace.idempotency_key,
    created: trace.timestamp,
    input: trace.input,
    output: trace.output,
    ...(trace.error ? { error: trace.error } : {}),
    metadata: {
      model: trace.model,
      provider: trace.provider,
      generation_id: trace.id,
      status: trace.status,
      finish_reason: trace.finish_reason,
      cost_usd: trace.cost_usd,
      user: trace.user,
      api_key: trace.api_key?.name ?? null,
      metadata_only: trace.metadata_only,
    },
    metrics: {
      start: new Date(trace.timestamp).getTime() / 1000,
      end: new Date(trace.end_time).getTime() / 1000,
      prompt_tokens: trace.usage.prompt_tokens,
      completion_tokens: trace.usage.completion_tokens,
      tokens: trace.usage.total_tokens,
    },
    span_attributes: { name: `chat ${trace.model}`, type: "llm" },
  };
}

export function buildBraintrustRequest(config: DestinationConfig, traces: Trace[]): OutboundRequest {
  return {
    url: `${trimSlash(str(config, "baseUrl", BRAINTRUST_DEFAULT_URL))}/v1/project_logs/${encodeURIComponent(str(config, "projectId"))}/insert`,
    method: "POST",
    headers: { ...extraHeaders(config), "content-type": "application/json", authorization: `Bearer ${str(config, "apiKey")}` },
    body: JSON.stringify({ events: traces.map(braintrustEvent) }),
  };
}
