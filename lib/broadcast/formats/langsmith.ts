// LangSmith runs API: POST {endpoint}/runs/batch with x-api-key, one "llm" root run per trace
// (https://api.smith.langchain.com/redoc#tag/run/operation/batch_ingest_runs_api_v1_runs_batch_post).
// Run ids are UUIDs derived from the idempotency key, so a repeat is the same run.
import { inputMessages, stableUuid } from "../trace";
import type { DestinationConfig, OutboundRequest, Trace } from "../types";
import { extraHeaders, str, trimSlash } from "./common";

export const LANGSMITH_DEFAULT_URL = "https://api.smith.langchain.com";

/** "20240101T120000123000Z" + run id: LangSmith's ordering key for runs in a trace. */
export function dottedOrder(iso: string, id: string): string {
  const d = new Date(iso).toISOString(); // 2024-01-01T12:00:00.123Z
  return `${d.slice(0, 19).replace(/[-:]/g, "")}${d.slice(20, 23)}000Z${id}`;
}

export function langsmithRun(trace: Trace, project: string) {
  const id = stableUuid(trace.idempotency_key);
  return {
    id,
    trace_id: id,
    dotted_order: dottedOrder(trace.timestamp, id),
    name: `chat ${trace.model}`,
    run_type: "llm",
    start_time: trace.timestamp,
    end_time: trace.end_time,
    session_name: project,
    inputs: trace.input === null ? {} : { messages: inputMessages(trace) },
    outputs: {
      ...(trace.output === null ? {} : { choices: [{ message: { role: "assistant", content: trace.output } }] }),
      usage_metadata: { input_tokens: trace.usage.prompt_tokens, output_tokens: trace.usage.completion_tokens, total_tokens: trace.usage.total_tokens },
    },
    ...(trace.error ? { error: trace.error } : {}),
    extra: {
      metadata: {
        ls_provider: trace.provider,
        ls_model_name: trace.model,
        generation_id: trace.id,
        idempotency_key: trace.idempotency_key,
        status: trace.status,
        cost_usd: trace.cost_usd,
        latency_ms: trace.latency_ms,
        user: trace.user,
        api_key: trace.api_key?.name ?? null,
        metadata_only: trace.metadata_only,
      },
    },
    tags: ["tollgate"],
  };
}

export function buildLangsmithRequest(config: DestinationConfig, traces: Trace[]): OutboundRequest {
  const workspace = str(config, "workspaceId");
  return {
    url: `${trimSlash(str(config, "endpoint", LANGSMITH_DEFAULT_URL))}/runs/batch`,
    method: "POST",
    headers: { ...extraHeaders(config), "content-type": "application/json", "x-api-key": str(config, "apiKey"), ...(workspace ? { "x-tenant-id": workspace } : {}) },
    body: JSON.stringify({ post: traces.map((t) => langsmithRun(t, str(config, "project", "main"))), patch: [] }),
  };
}
