// What several adapters share: the SSE event splitter, Retry-After, and the request parameters.
import type { ChatRequest } from "../../validations/chat";

/** OpenRouter request fields the gateway itself acts on; no provider is sent them. */
export const GATEWAY_ONLY_FIELDS = ["models", "provider", "route", "transforms", "usage", "session_id", "plugins", "trace", "debug", "metadata", "stream"];

/**
 * The request parameters the gateway knows (OpenRouter's list). A known parameter an endpoint does not
 * support is dropped (or, with provider.require_parameters, the endpoint is skipped); an unknown field
 * is passed through to OpenAI-format providers as it is.
 */
export const KNOWN_PARAMETERS = [
  "max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "min_p", "top_a", "frequency_penalty", "presence_penalty",
  "repetition_penalty", "seed", "stop", "logit_bias", "logprobs", "top_logprobs", "response_format", "structured_outputs", "tools",
  "tool_choice", "parallel_tool_calls", "reasoning", "reasoning_effort", "include_reasoning", "verbosity", "web_search_options", "user", "n",
] as const;

/** The known parameters a request sets. */
export function requestedParameters(body: ChatRequest): string[] {
  const b = body as Record<string, unknown>;
  return KNOWN_PARAMETERS.filter((p) => b[p] !== undefined && b[p] !== null);
}

/** Whether the client asked to leave the reasoning out of the answer (OpenRouter's reasoning.exclude). */
export function excludesReasoning(body: ChatRequest): boolean {
  const r = (body as { reasoning?: { exclude?: boolean } }).reasoning;
  return Boolean(r && typeof r === "object" && r.exclude);
}

export type Reasoning = { effort?: "minimal" | "low" | "medium" | "high" | "xhigh" | "none"; max_tokens?: number; exclude?: boolean; enabled?: boolean };

/** OpenRouter's `reasoning`, or OpenAI's `reasoning_effort`, as one object (null: not asked for). */
export function reasoningOf(body: ChatRequest): Reasoning | null {
  const b = body as { reasoning?: Reasoning; reasoning_effort?: Reasoning["effort"]; include_reasoning?: boolean };
  if (b.reasoning && typeof b.reasoning === "object") {
    if (b.reasoning.enabled === false || b.reasoning.effort === "none") return null;
    return b.reasoning;
  }
  if (b.reasoning_effort && b.reasoning_effort !== "none") return { effort: b.reasoning_effort };
  if (b.include_reasoning) return { effort: "medium" };
  return null;
}

/** Seconds to wait from a Retry-After (seconds or an HTTP date) or retry-after-ms header. */
export function retryAfterSeconds(headers: Record<string, string | string[] | undefined>): number | null {
  const one = (name: string) => {
    const v = headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const ms = Number(one("retry-after-ms"));
  if (Number.isFinite(ms) && ms > 0) return Math.ceil(ms / 1000);
  const raw = one("retry-after");
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** The message of a JSON error body in the usual shapes ({error:{message}}, {error:"…"}, {message}), else its start. */
export function errorMessage(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: string } | string; message?: string } | { error?: { message?: string } }[];
    const first = Array.isArray(parsed) ? parsed[0] : parsed; // Gemini and Vertex may answer a list
    return typeof first?.error === "string" ? first.error : (first?.error?.message ?? (first as { message?: string })?.message ?? null);
  } catch {
    return text ? text.slice(0, 200) : null;
  }
}

export const isRetryableStatus = (status: number) => status === 429 || status === 408 || status >= 500;

export type SseEvent = { event: string | null; data: string };

/** Splits a text/event-stream into events (data lines joined), across chunk boundaries. */
export function sseSplitter() {
  const decoder = new TextDecoder();
  let buffer = "";
  const parse = (block: string): SseEvent | null => {
    let event: string | null = null;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
      else if (line.startsWith("event:")) event = line.slice(6).trim();
    }
    return data.length ? { event, data: data.join("\n") } : null;
  };
  return {
    push(bytes: Uint8Array): SseEvent[] {
      buffer += decoder.decode(bytes, { stream: true });
      const blocks = buffer.split(/\r?\n\r?\n/);
      buffer = blocks.pop() ?? "";
      return blocks.map(parse).filter((e): e is SseEvent => e !== null);
    },
    end(): SseEvent[] {
      const rest = parse(buffer + decoder.decode());
      buffer = "";
      return rest ? [rest] : [];
    },
  };
}
