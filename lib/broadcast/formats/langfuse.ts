// Langfuse public ingestion API: POST {baseUrl}/api/public/ingestion, basic auth publicKey:secretKey,
// a batch of trace-create + generation-create events (https://api.reference.langfuse.com/#tag/ingestion).
// Event ids derive from the idempotency key, so Langfuse drops a repeat; 207 lists per-event errors.
import type { DestinationConfig, OutboundRequest, Trace } from "../types";
import { extraHeaders, str, trimSlash } from "./common";

export const LANGFUSE_DEFAULT_URL = "https://us.cloud.langfuse.com";

export function langfuseEvents(trace: Trace) {
  const traceId = trace.idempotency_key;
  const metadata = {
    generation_id: trace.id,
    provider: trace.provider,
    status: trace.status,
    api_key: trace.api_key?.name ?? null,
    streamed: trace.streamed,
    metadata_only: trace.metadata_only,
  };
  return [
    {
      id: `${traceId}:trace`,
      type: "trace-create",
      timestamp: trace.timestamp,
      body: { id: traceId, timestamp: trace.timestamp, name: `chat ${trace.model}`, userId: trace.user, input: trace.input, output: trace.output, metadata, tags: ["tollgate"] },
    },
    {
      id: `${traceId}:generation`,
      type: "generation-create",
      timestamp: trace.timestamp,
      body: {
        id: `${traceId}:generation`,
        traceId,
        name: "chat",
        startTime: trace.timestamp,
        endTime: trace.end_time,
        ...(trace.latency_ms !== null && trace.streamed ? { completionStartTime: new Date(new Date(trace.timestamp).getTime() + trace.latency_ms).toISOString() } : {}),
        model: trace.model,
        input: trace.input,
        output: trace.output,
        usageDetails: { input: trace.usage.prompt_tokens, output: trace.usage.completion_tokens, total: trace.usage.total_tokens },
        costDetails: { total: trace.cost_usd },
        level: trace.ok ? "DEFAULT" : "ERROR",
        ...(trace.error ? { statusMessage: trace.error } : {}),
        metadata,
      },
    },
  ];
}

export function buildLangfuseRequest(config: DestinationConfig, traces: Trace[]): OutboundRequest {
  const auth = Buffer.from(`${str(config, "publicKey")}:${str(config, "secretKey")}`).toString("base64");
  return {
    url: `${trimSlash(str(config, "baseUrl", LANGFUSE_DEFAULT_URL))}/api/public/ingestion`,
    method: "POST",
    headers: { ...extraHeaders(config), "content-type": "application/json", authorization: `Basic ${auth}` },
    body: JSON.stringify({ batch: traces.flatMap(langfuseEvents), metadata: { sdk_name: "tollgate" } }),
  };
}

/** A 207 answer carries per-event errors: any error fails the batch (it is retried; ids dedupe). */
export function langfuseResponseError(status: number, text: string): string | null {
  if (status !== 207) return null;
  try {
    const body = JSON.parse(text) as { errors?: { id?: string; status?: number; message?: string; error?: unknown }[] };
    const first = body.errors?.[0];
    return first ? `Langfuse refused ${body.errors!.length} event(s): ${first.message ?? JSON.stringify(first.error ?? first)}` : null;
  } catch {
    return null;
  }
}
