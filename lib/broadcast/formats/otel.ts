// OpenTelemetry Collector: OTLP/HTTP JSON to {endpoint}/v1/traces. The spans are built with the
// OpenTelemetry SDK (sdk-trace-base) and serialised by the official OTLP transformer, with the GenAI
// semantic conventions (gen_ai.*). Trace and span ids derive from the idempotency key, so a repeat
// is the same span.
import { SpanKind, SpanStatusCode, type Attributes } from "@opentelemetry/api";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type IdGenerator, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from "@opentelemetry/semantic-conventions/incubating";
import { inputMessages, stableHex } from "../trace";
import type { DestinationConfig, OutboundRequest, Trace } from "../types";
import { extraHeaders, str, trimSlash } from "./common";

/** Ids for the span being started: set just before startSpan, read by the provider's generator. */
class StableIds implements IdGenerator {
  key = "";
  generateTraceId = () => stableHex(`trace:${this.key}`, 16);
  generateSpanId = () => stableHex(`span:${this.key}`, 8);
}

function attributes(trace: Trace): Attributes {
  const a: Attributes = {
    [ATTR_GEN_AI_OPERATION_NAME]: "chat",
    [ATTR_GEN_AI_PROVIDER_NAME]: trace.provider ?? "unknown",
    [ATTR_GEN_AI_REQUEST_MODEL]: trace.model,
    [ATTR_GEN_AI_RESPONSE_MODEL]: trace.model,
    [ATTR_GEN_AI_RESPONSE_ID]: trace.id,
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: trace.usage.prompt_tokens,
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: trace.usage.completion_tokens,
    "http.response.status_code": trace.status,
    "tollgate.idempotency_key": trace.idempotency_key,
    "tollgate.cost_usd": trace.cost_usd,
    "tollgate.metadata_only": trace.metadata_only,
  };
  if (trace.finish_reason) a[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = [trace.finish_reason];
  if (trace.latency_ms !== null) a["tollgate.latency_ms"] = trace.latency_ms;
  if (trace.user) a["enduser.id"] = trace.user;
  if (trace.api_key) a["tollgate.api_key.name"] = trace.api_key.name;
  if (trace.error) a["error.type"] = String(trace.status);
  if (trace.input !== null) a[ATTR_GEN_AI_INPUT_MESSAGES] = JSON.stringify(inputMessages(trace).map((m) => ({ role: m.role, parts: [{ type: "text", content: m.content }] })));
  if (trace.output !== null) a[ATTR_GEN_AI_OUTPUT_MESSAGES] = JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: String(trace.output) }], finish_reason: trace.finish_reason ?? "stop" }]);
  return a;
}

export function otelSpans(traces: Trace[]): ReadableSpan[] {
  const ids = new StableIds();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: "tollgate" }),
    idGenerator: ids,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("tollgate-broadcast");
  for (const trace of traces) {
    ids.key = trace.idempotency_key;
    const span = tracer.startSpan(`chat ${trace.model}`, { kind: SpanKind.CLIENT, startTime: new Date(trace.timestamp), attributes: attributes(trace) });
    span.setStatus(trace.ok ? { code: SpanStatusCode.OK } : { code: SpanStatusCode.ERROR, message: trace.error ?? `HTTP ${trace.status}` });
    span.end(new Date(trace.end_time));
  }
  return exporter.getFinishedSpans();
}

/** `endpoint` is the collector's base (…:4318) or its full traces URL (…/v1/traces). */
export function otlpTracesUrl(endpoint: string): string {
  const base = trimSlash(endpoint);
  return base.endsWith("/v1/traces") ? base : `${base}/v1/traces`;
}

export function buildOtelRequest(config: DestinationConfig, traces: Trace[]): OutboundRequest {
  const body = JsonTraceSerializer.serializeRequest(otelSpans(traces));
  if (!body) throw new Error("The OTLP serializer produced no body.");
  return { url: otlpTracesUrl(str(config, "endpoint")), method: "POST", headers: { ...extraHeaders(config), "content-type": "application/json" }, body: Buffer.from(body).toString("utf8") };
}
