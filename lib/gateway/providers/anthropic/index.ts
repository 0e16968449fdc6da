// Anthropic's Messages API (api.anthropic.com/v1/messages, x-api-key, anthropic-version). Requests
// are built by ./request.ts; answers and streams come back as the gateway's normalised chat
// completion: text, tool calls (ids kept; streamed arguments as input_json_delta), thinking as
// `reasoning` (left out with reasoning.exclude), stop reasons mapped, and usage with the prompt
// cache: cache reads as prompt_tokens_details.cached_tokens, cache writes as cache_write_tokens.
import { errorMessage, retryAfterSeconds, sseSplitter } from "../common";
import type { NormalChunk, NormalCompletion, NormalMessage, NormalToolCall, NormalUsage, ProviderAdapter } from "../types";
import { ANTHROPIC_PARAMETERS, anthropicBody } from "./request";

export const ANTHROPIC_VERSION = "2023-06-01";

type AnthropicUsage = { input_tokens?: number; output_tokens?: number; cache_creation_input_tokens?: number | null; cache_read_input_tokens?: number | null };
type AnthropicBlock = { type: string; text?: string; thinking?: string; id?: string; name?: string; input?: unknown };

const STOP_REASONS: Record<string, string> = { end_turn: "stop", stop_sequence: "stop", max_tokens: "length", tool_use: "tool_calls", pause_turn: "stop", refusal: "content_filter", model_context_window_exceeded: "length" };
export const finishReason = (stop: string | null | undefined) => (stop ? (STOP_REASONS[stop] ?? "stop") : null);

/** Anthropic counts cached prompt tokens apart from input_tokens; OpenAI's prompt_tokens includes them. */
export function normalUsage(u: AnthropicUsage): NormalUsage {
  const read = u.cache_read_input_tokens ?? 0;
  const write = u.cache_creation_input_tokens ?? 0;
  return {
    prompt_tokens: (u.input_tokens ?? 0) + read + write,
    completion_tokens: u.output_tokens ?? 0,
    prompt_tokens_details: { cached_tokens: read, cache_write_tokens: write },
  };
}

export function parseAnthropicCompletion(json: unknown, { excludeReasoning }: { excludeReasoning: boolean }): NormalCompletion {
  const m = json as { id?: string; content?: AnthropicBlock[]; stop_reason?: string | null; usage?: AnthropicUsage; type?: string };
  if (typeof m !== "object" || m === null || !Array.isArray(m.content)) throw new Error("not an Anthropic message");
  const text = m.content.filter((b) => b.type === "text").map((b) => b.text ?? "").join("");
  const thinking = m.content.filter((b) => b.type === "thinking").map((b) => b.thinking ?? "").join("");
  const calls: NormalToolCall[] = m.content.filter((b) => b.type === "tool_use").map((b) => ({ id: b.id, type: "function", function: { name: b.name, arguments: JSON.stringify(b.input ?? {}) } }));
  return {
    id: m.id,
    choices: [{
      index: 0,
      message: { role: "assistant", content: text || (calls.length ? null : ""), ...(calls.length ? { tool_calls: calls } : {}), ...(thinking && !excludeReasoning ? { reasoning: thinking } : {}) },
      finish_reason: finishReason(m.stop_reason),
    }],
    usage: m.usage ? normalUsage(m.usage) : undefined,
  };
}

type StreamEvent = {
  type: string;
  message?: { id?: string; usage?: AnthropicUsage };
  index?: number;
  content_block?: AnthropicBlock;
  delta?: { type?: string; text?: string; partial_json?: string; thinking?: string; stop_reason?: string | null };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
};

export function anthropicStreamDecoder({ excludeReasoning }: { excludeReasoning: boolean }) {
  const sse = sseSplitter();
  let id: string | undefined;
  const usage: AnthropicUsage = {};
  // Anthropic numbers every content block; OpenAI numbers tool calls only.
  const toolIndex = new Map<number, number>();
  const chunk = (delta: NormalMessage, finish: string | null = null): NormalChunk => ({ id, choices: [{ index: 0, delta, finish_reason: finish }] });
  const decode = (events: { data: string }[]): NormalChunk[] => {
    const out: NormalChunk[] = [];
    for (const { data } of events) {
      let e: StreamEvent;
      try {
        e = JSON.parse(data);
      } catch {
        continue;
      }
      switch (e.type) {
        case "message_start":
          id = e.message?.id;
          Object.assign(usage, e.message?.usage ?? {});
          out.push(chunk({ role: "assistant", content: "" }));
          break;
        case "content_block_start":
          if (e.content_block?.type === "tool_use") {
            const index = toolIndex.size;
            toolIndex.set(e.index ?? 0, index);
            out.push(chunk({ tool_calls: [{ index, id: e.content_block.id, type: "function", function: { name: e.content_block.name, arguments: "" } }] }));
          } else if (e.content_block?.type === "text" && e.content_block.text) out.push(chunk({ content: e.content_block.text }));
          break;
        case "content_block_delta":
          if (e.delta?.type === "text_delta" && e.delta.text) out.push(chunk({ content: e.delta.text }));
          else if (e.delta?.type === "input_json_delta") out.push(chunk({ tool_calls: [{ index: toolIndex.get(e.index ?? 0) ?? 0, function: { arguments: e.delta.partial_json ?? "" } }] }));
          else if (e.delta?.type === "thinking_delta" && e.delta.thinking && !excludeReasoning) out.push(chunk({ reasoning: e.delta.thinking }));
          break; // signature_delta: the signature of a thinking block, kept by /messages pass-through only
        case "message_delta":
          Object.assign(usage, Object.fromEntries(Object.entries(e.usage ?? {}).filter(([, v]) => v !== null && v !== undefined)));
          out.push({ ...chunk({}, finishReason(e.delta?.stop_reason)), usage: normalUsage(usage) });
          break;
        case "error":
          throw new Error(`${e.error?.type ?? "error"}: ${e.error?.message ?? "the provider reported an error in the stream"}`);
        default: // ping, message_stop, content_block_stop
      }
    }
    return out;
  };
  return { push: (bytes: Uint8Array) => decode(sse.push(bytes)), end: () => decode(sse.end()) };
}

export const anthropicAdapter: ProviderAdapter = {
  format: "anthropic",
  supportedParameters: ANTHROPIC_PARAMETERS,
  buildRequest(input) {
    const beta = (input.endpoint.provider.config as { anthropicBeta?: string } | null)?.anthropicBeta;
    return {
      url: `${input.baseUrl}/messages`,
      headers: {
        "content-type": "application/json",
        accept: input.stream ? "text/event-stream" : "application/json",
        "anthropic-version": ANTHROPIC_VERSION,
        ...(beta ? { "anthropic-beta": beta } : {}),
        ...(input.apiKey ? { "x-api-key": input.apiKey } : {}),
      },
      body: JSON.stringify(anthropicBody(input.body, input.endpoint.upstreamModel, input.maxOutputTokens, input.stream)),
    };
  },
  parseCompletion: parseAnthropicCompletion,
  streamDecoder: anthropicStreamDecoder,
  parseError(status, text, headers) {
    // 529: Anthropic is overloaded, a reason to try another endpoint.
    return { message: errorMessage(text), retryable: status === 429 || status === 408 || status === 529 || status >= 500, retryAfterSeconds: retryAfterSeconds(headers) };
  },
};
