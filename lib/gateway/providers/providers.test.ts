// The pure request, response and stream transforms of each adapter.
import { describe, expect, it } from "vitest";
import type { CatalogEndpoint } from "../catalog";
import type { UpstreamRequest } from "./types";
import { anthropicAdapter, anthropicStreamDecoder } from "./anthropic";
import { anthropicMessages, thinkingBudget } from "./anthropic/request";
import { azureOpenaiAdapter } from "./azure-openai";
import { unsupportedParameters } from ".";
import { openaiAdapter, openaiStreamDecoder } from "./openai";

const endpoint = (format: string, extra: Partial<CatalogEndpoint> = {}, config: unknown = {}): CatalogEndpoint => ({
  id: "ep", modelSlug: "m/x", upstreamModel: "up-model", promptPriceMicros: 0n, completionPriceMicros: 0n, cachedPriceMicros: null, cacheWritePriceMicros: null,
  supportedParameters: null, contextLength: 8192, maxCompletionTokens: null, supportsTools: true, enabled: true,
  provider: { id: "p", slug: "p", name: "P", baseUrl: "https://x", apiKeyCiphertext: null, enabled: true, retainsData: false, trainsOnData: false, isSandbox: false, timeoutMs: 1000, apiFormat: format, config },
  ...extra,
});
const body = (extra: Record<string, unknown> = {}) => ({ model: "m/x", messages: [{ role: "user", content: "hi" }], stream: false, ...extra }) as never;
const build = (adapter: typeof openaiAdapter, ep: CatalogEndpoint, b: unknown, stream = false) => {
  const r = adapter.buildRequest({ body: b as never, endpoint: ep, baseUrl: "https://api.example/v1", apiKey: "sk", stream, maxOutputTokens: 1000 }) as UpstreamRequest;
  return { ...r, json: JSON.parse(r.body) as Record<string, unknown> };
};
const bytes = (s: string) => new TextEncoder().encode(s);

describe("openai adapter", () => {
  it("sends the upstream model, no gateway fields, and drops parameters the endpoint does not take", () => {
    const r = build(openaiAdapter, endpoint("openai"), body({ provider: { sort: "price" }, models: ["a"], top_k: 5, min_p: 0.1, repetition_penalty: 1.1, temperature: 0.2, reasoning: { effort: "high" }, vendor_field: 1 }));
    expect(r.url).toBe("https://api.example/v1/chat/completions");
    expect(r.headers.authorization).toBe("Bearer sk");
    expect(r.json).toEqual({ model: "up-model", messages: [{ role: "user", content: "hi" }], stream: false, temperature: 0.2, vendor_field: 1 });
  });

  it("a reasoning model gets max_completion_tokens and reasoning_effort", () => {
    const ep = endpoint("openai", { supportedParameters: ["max_completion_tokens", "reasoning", "reasoning_effort", "tools"] });
    const r = build(openaiAdapter, ep, body({ max_tokens: 500, temperature: 0.5, reasoning: { effort: "low" } }), true);
    expect(r.json).toMatchObject({ max_completion_tokens: 500, reasoning_effort: "low", stream: true, stream_options: { include_usage: true } });
    expect(r.json).not.toHaveProperty("max_tokens");
    expect(r.json).not.toHaveProperty("temperature");
    expect(r.json).not.toHaveProperty("reasoning");
  });

  it("reasoning_content (vLLM, DeepSeek) comes back as reasoning, and not at all with exclude", () => {
    const json = { choices: [{ message: { role: "assistant", content: "4", reasoning_content: "2+2" }, finish_reason: "stop" }] };
    expect(openaiAdapter.parseCompletion(json, { excludeReasoning: false }).choices![0].message).toEqual({ role: "assistant", content: "4", reasoning: "2+2" });
    expect(openaiAdapter.parseCompletion(json, { excludeReasoning: true }).choices![0].message).toEqual({ role: "assistant", content: "4" });
    const chunks = openaiStreamDecoder({ excludeReasoning: false }).push(bytes('data: {"choices":[{"index":0,"delta":{"reasoning_content":"hm"}}]}\n\ndata: [DONE]\n\n'));
    expect(chunks[0].choices![0].delta).toEqual({ reasoning: "hm" });
  });

  it("require_parameters: the known parameters an endpoint would drop", () => {
    expect(unsupportedParameters(body({ top_k: 3, temperature: 1 }), endpoint("openai"))).toEqual(["top_k"]);
    expect(unsupportedParameters(body({ top_k: 3 }), endpoint("anthropic"))).toEqual([]);
  });
});

describe("azure-openai adapter", () => {
  it("deployment URL with api-version and the api-key header", () => {
    const r = build(azureOpenaiAdapter, endpoint("azure-openai", {}, { apiVersion: "2025-04-01-preview" }), body());
    expect(r.url).toBe("https://api.example/v1/openai/deployments/up-model/chat/completions?api-version=2025-04-01-preview");
    expect(r.headers["api-key"]).toBe("sk");
    expect(r.headers.authorization).toBeUndefined();
    expect(r.json).not.toHaveProperty("model");
  });
  it("the v1 route takes the model in the body", () => {
    const r = azureOpenaiAdapter.buildRequest({ body: body(), endpoint: endpoint("azure-openai", {}, { apiVersion: "v1" }), baseUrl: "https://res.openai.azure.com/openai/v1", apiKey: "k", stream: false, maxOutputTokens: 10 }) as UpstreamRequest;
    expect(r.url).toBe("https://res.openai.azure.com/openai/v1/chat/completions");
    expect(JSON.parse(r.body).model).toBe("up-model");
  });
});

describe("anthropic adapter", () => {
  it("merges consecutive turns (tool results after a parallel call go back in one user turn)", () => {
    const { system, messages } = anthropicMessages([
      { role: "system", content: "S" },
      { role: "user", content: "U" },
      { role: "assistant", content: "", tool_calls: [{ id: "a", function: { name: "f", arguments: "{}" } }, { id: "b", function: { name: "g", arguments: '{"x":1}' } }] },
      { role: "tool", tool_call_id: "a", content: "ra" },
      { role: "tool", tool_call_id: "b", content: "rb" },
    ]);
    expect(system).toEqual([{ type: "text", text: "S" }]);
    expect(messages.map((m) => [m.role, m.content.map((c) => c.type)])).toEqual([["user", ["text"]], ["assistant", ["tool_use", "tool_use"]], ["user", ["tool_result", "tool_result"]]]);
  });

  it("thinking budget: effort as a share of max_tokens, at least 1,024, below max_tokens; none without reasoning", () => {
    expect(thinkingBudget(body({ reasoning: { effort: "medium" } }), 10_000)).toBe(5000);
    expect(thinkingBudget(body({ reasoning: { effort: "low" } }), 2000)).toBe(1024);
    expect(thinkingBudget(body({ reasoning: { max_tokens: 50_000 } }), 64_000)).toBe(32_000);
    expect(thinkingBudget(body({ reasoning: { effort: "high" } }), 1000)).toBeNull();
    expect(thinkingBudget(body(), 10_000)).toBeNull();
  });

  it("a completion with text, thinking and a tool call; usage with the cache", () => {
    const c = anthropicAdapter.parseCompletion({ id: "msg", content: [{ type: "thinking", thinking: "t" }, { type: "text", text: "x" }, { type: "tool_use", id: "tu", name: "f", input: { a: 1 } }], stop_reason: "tool_use", usage: { input_tokens: 1, output_tokens: 2, cache_read_input_tokens: 3, cache_creation_input_tokens: 4 } }, { excludeReasoning: false });
    expect(c.choices![0]).toEqual({ index: 0, message: { role: "assistant", content: "x", reasoning: "t", tool_calls: [{ id: "tu", type: "function", function: { name: "f", arguments: '{"a":1}' } }] }, finish_reason: "tool_calls" });
    expect(c.usage).toEqual({ prompt_tokens: 8, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 3, cache_write_tokens: 4 } });
  });

  it("a stream split anywhere decodes the same; an error event ends it", () => {
    const events = [
      { type: "message_start", message: { id: "m1", usage: { input_tokens: 5, output_tokens: 1 } } },
      { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "Hel" } },
      { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: "lo" } },
      { type: "content_block_start", index: 1, content_block: { type: "tool_use", id: "t1", name: "f" } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: '{"a":' } },
      { type: "content_block_delta", index: 1, delta: { type: "input_json_delta", partial_json: "1}" } },
      { type: "message_delta", delta: { stop_reason: "tool_use" }, usage: { output_tokens: 9 } },
      { type: "message_stop" },
    ].map((e) => `event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`).join("");
    for (const cut of [1, 7, 50, events.length - 3]) {
      const d = anthropicStreamDecoder({ excludeReasoning: false });
      const chunks = [...d.push(bytes(events.slice(0, cut))), ...d.push(bytes(events.slice(cut))), ...d.end()];
      const text = chunks.map((c) => c.choices?.[0]?.delta.content ?? "").join("");
      const args = chunks.flatMap((c) => c.choices?.[0]?.delta.tool_calls ?? []).map((t) => t.function?.arguments ?? "").join("");
      expect({ text, args, finish: chunks.at(-1)!.choices![0].finish_reason, usage: chunks.at(-1)!.usage }).toEqual({ text: "Hello", args: '{"a":1}', finish: "tool_calls", usage: { prompt_tokens: 5, completion_tokens: 9, prompt_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 } } });
    }
    const d = anthropicStreamDecoder({ excludeReasoning: false });
    expect(() => d.push(bytes(`event: error\ndata: ${JSON.stringify({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } })}\n\n`))).toThrow(/overloaded_error: Overloaded/);
  });

  it("errors: 529 and 429 are retryable, with retry-after; 400 is not", () => {
    expect(anthropicAdapter.parseError(529, '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}', {})).toEqual({ message: "Overloaded", retryable: true, retryAfterSeconds: null });
    expect(anthropicAdapter.parseError(429, "{}", { "retry-after": "12" })).toMatchObject({ retryable: true, retryAfterSeconds: 12 });
    expect(anthropicAdapter.parseError(400, '{"type":"error","error":{"type":"invalid_request_error","message":"bad"}}', {})).toMatchObject({ message: "bad", retryable: false });
  });
});
