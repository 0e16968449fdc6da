// Datadog LLM Observability, agentless: POST {url}/api/intake/llm-obs/v1/trace/spans with DD-API-KEY,
// one "llm" span per trace (https://docs.datadoghq.com/llm_observability/setup/api/).
import { inputMessages, stableHex } from "../trace";
import type { DestinationConfig, OutboundRequest, Trace } from "../types";
import { extraHeaders, jsonWithBigInt, str, toNs, trimSlash } from "./common";

export const DATADOG_DEFAULT_URL = "https://api.datadoghq.com";

/** Datadog ids are decimal strings of unsigned 64-bit integers. */
const ddId = (value: string) => BigInt(`0x${stableHex(value, 8)}`).toString();

export function datadogSpan(trace: Trace) {
  const start = toNs(trace.timestamp);
  const duration = toNs(trace.end_time) - start;
  return {
    parent_id: "undefined",
    trace_id: ddId(`trace:${trace.idempotency_key}`),
    span_id: ddId(`span:${trace.idempotency_key}`),
    name: `chat ${trace.model}`,
    start_ns: start,
    duration: duration > 0n ? duration : 0n,
    status: trace.ok ? "ok" : "error",
    meta: {
      kind: "llm",
      model_name: trace.model,
      model_provider: trace.provider ?? "unknown",
      input: { messages: inputMessages(trace) },
      output: { messages: trace.output === null ? [] : [{ role: "assistant", content: String(trace.output) }] },
      metadata: {
        generation_id: trace.id,
        idempotency_key: trace.idempotency_key,
        status: trace.status,
        finish_reason: trace.finish_reason,
        cost_usd: trace.cost_usd,
        latency_ms: trace.latency_ms,
        user: trace.user,
        api_key: trace.api_key?.name ?? null,
        metadata_only: trace.metadata_only,
      },
      ...(trace.error ? { error: { message: trace.error } } : {}),
    },
    metrics: {
      input_tokens: trace.usage.prompt_tokens,
      output_tokens: trace.usage.completion_tokens,
      total_tokens: trace.usage.total_tokens,
      total_cost: trace.cost_usd,
    },
    tags: [`source:tollgate`, `provider:${trace.provider ?? "unknown"}`, ...(trace.user ? [`user:${trace.user}`] : [])],
  };
}

export function buildDatadogRequest(config: DestinationConfig, traces: Trace[]): OutboundRequest {
  return {
    url: `${trimSlash(str(config, "url", DATADOG_DEFAULT_URL))}/api/intake/llm-obs/v1/trace/spans`,
    method: "POST",
    headers: { ...extraHeaders(config), "content-type": "application/json", "DD-API-KEY": str(config, "apiKey") },
    body: jsonWithBigInt({ data: { type: "span", attributes: { ml_app: str(config, "mlApp", "tollgate"), tags: ["source:tollgate"], spans: traces.map(datadogSpan) } } }),
  };
}
