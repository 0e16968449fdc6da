// Google's Gemini API (generativelanguage.googleapis.com/v1beta, x-goog-api-key): generateContent and
// streamGenerateContent?alt=sse. The normalised request becomes `contents` (user / model turns with
// text, inline images, function calls and function responses), `systemInstruction`, function
// declarations and the function-calling mode, and `generationConfig` (max output tokens, sampling,
// stop sequences, structured output as responseMimeType + responseSchema, a thinking budget).
// Answers come back with tool calls (ids made up where Gemini gives none), thoughts as `reasoning`,
// finish reasons (safety blocks as content_filter) and usageMetadata as usage.
import type { ChatRequest } from "../../../validations/chat";
import { errorMessage, isRetryableStatus, reasoningOf, retryAfterSeconds, sseSplitter } from "../common";
import type { NormalChunk, NormalCompletion, NormalMessage, NormalToolCall, NormalUsage, ProviderAdapter } from "../types";

type Part = { text?: string; thought?: boolean; inlineData?: { mimeType: string; data: string }; fileData?: { mimeType?: string; fileUri: string }; functionCall?: { id?: string; name: string; args?: unknown }; functionResponse?: { name: string; response: unknown } };
type Content = { role: "user" | "model"; parts: Part[] };
type InMessage = { role: string; content?: unknown; tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[]; tool_call_id?: string };

export const GEMINI_PARAMETERS = ["max_tokens", "max_completion_tokens", "temperature", "top_p", "top_k", "stop", "seed", "frequency_penalty", "presence_penalty", "response_format", "structured_outputs", "tools", "tool_choice", "reasoning", "reasoning_effort", "include_reasoning"] as const;

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p: { type?: string; text?: string }) => (p.type === "text" ? (p.text ?? "") : "")).join("");
  return content === undefined || content === null ? "" : JSON.stringify(content);
}

function parts(content: unknown): Part[] {
  if (typeof content === "string") return content ? [{ text: content }] : [];
  if (!Array.isArray(content)) return [];
  const out: Part[] = [];
  for (const p of content as { type?: string; text?: string; image_url?: { url?: string } | string; file?: { file_data?: string } }[]) {
    if (p.type === "text" && p.text) out.push({ text: p.text });
    else if (p.type === "image_url" || p.type === "file") {
      const url = p.type === "file" ? p.file?.file_data : typeof p.image_url === "string" ? p.image_url : p.image_url?.url;
      if (!url) continue;
      const m = /^data:([^;,]+);base64,(.*)$/s.exec(url);
      out.push(m ? { inlineData: { mimeType: m[1], data: m[2] } } : { fileData: { fileUri: url } });
    }
  }
  return out;
}

function parseArguments(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { _raw: text };
  }
}

export function geminiContents(messages: readonly InMessage[]): { systemInstruction?: { parts: Part[] }; contents: Content[] } {
  const system: Part[] = [];
  const contents: Content[] = [];
  const callNames = new Map<string, string>(); // a function response names its function; OpenAI's tool message gives only the call id
  const push = (role: Content["role"], p: Part[]) => {
    if (!p.length) return;
    const last = contents[contents.length - 1];
    if (last && last.role === role) last.parts.push(...p);
    else contents.push({ role, parts: p });
  };
  for (const m of messages) {
    if (m.role === "system" || m.role === "developer") system.push(...parts(m.content));
    else if (m.role === "assistant") {
      const p = parts(m.content);
      for (const call of m.tool_calls ?? []) {
        if (call.id && call.function?.name) callNames.set(call.id, call.function.name);
        p.push({ functionCall: { name: call.function?.name ?? "", args: parseArguments(call.function?.arguments) } });
      }
      push("model", p);
    } else if (m.role === "tool") {
      const text = textOf(m.content);
      let response: unknown;
      try {
        response = JSON.parse(text);
      } catch {
        response = { content: text };
      }
      if (typeof response !== "object" || response === null || Array.isArray(response)) response = { content: response };
      push("user", [{ functionResponse: { name: callNames.get(m.tool_call_id ?? "") ?? m.tool_call_id ?? "", response } }]);
    } else push("user", parts(m.content));
  }
  return { ...(system.length ? { systemInstruction: { parts: system } } : {}), contents };
}

// Gemini's schema is OpenAPI's subset: JSON Schema keywords it does not know fail the request.
const UNSUPPORTED_SCHEMA_KEYS = new Set(["$schema", "additionalProperties", "$id", "$defs", "definitions", "strict", "examples", "default"]);
export function geminiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(geminiSchema);
  if (!schema || typeof schema !== "object") return schema;
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !UNSUPPORTED_SCHEMA_KEYS.has(k)).map(([k, v]) => [k, k === "properties" && v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, geminiSchema(pv)])) : geminiSchema(v)]));
}

const EFFORT_BUDGET = { minimal: 512, low: 1024, medium: 8192, high: 24_576, xhigh: 32_768 } as const;

export function geminiBody(body: ChatRequest, maxOutputTokens: number | null): Record<string, unknown> {
  const b = body as ChatRequest & { temperature?: number; top_p?: number; top_k?: number; stop?: string | string[]; seed?: number; frequency_penalty?: number; presence_penalty?: number; tool_choice?: unknown; response_format?: { type?: string; json_schema?: { schema?: unknown } } };
  const { systemInstruction, contents } = geminiContents(body.messages as InMessage[]);
  const generationConfig: Record<string, unknown> = {};
  const cap = body.max_tokens ?? body.max_completion_tokens ?? maxOutputTokens;
  if (cap) generationConfig.maxOutputTokens = cap;
  if (b.temperature !== undefined) generationConfig.temperature = b.temperature;
  if (b.top_p !== undefined) generationConfig.topP = b.top_p;
  if (b.top_k !== undefined) generationConfig.topK = b.top_k;
  if (b.seed !== undefined) generationConfig.seed = b.seed;
  if (b.frequency_penalty !== undefined) generationConfig.frequencyPenalty = b.frequency_penalty;
  if (b.presence_penalty !== undefined) generationConfig.presencePenalty = b.presence_penalty;
  if (b.stop !== undefined && b.stop !== null) generationConfig.stopSequences = Array.isArray(b.stop) ? b.stop : [b.stop];
  if (b.response_format?.type === "json_schema") {
    generationConfig.responseMimeType = "application/json";
    if (b.response_format.json_schema?.schema) generationConfig.responseSchema = geminiSchema(b.response_format.json_schema.schema);
  } else if (b.response_format?.type === "json_object") generationConfig.responseMimeType = "application/json";
  const reasoning = reasoningOf(body);
  const explicitOff = (body as { reasoning?: { enabled?: boolean; effort?: string } }).reasoning?.effort === "none" || (body as { reasoning?: { enabled?: boolean } }).reasoning?.enabled === false;
  if (reasoning) generationConfig.thinkingConfig = { thinkingBudget: reasoning.max_tokens ?? EFFORT_BUDGET[(reasoning.effort ?? "medium") as keyof typeof EFFORT_BUDGET] ?? 8192, includeThoughts: !reasoning.exclude };
  else if (explicitOff) generationConfig.thinkingConfig = { thinkingBudget: 0 };
  const out: Record<string, unknown> = { contents, ...(systemInstruction ? { systemInstruction } : {}) };
  if (body.tools?.length) {
    out.tools = [{ functionDeclarations: (body.tools as { function?: { name?: string; description?: string; parameters?: unknown } }[]).map((t) => ({ name: t.function?.name, ...(t.function?.description ? { description: t.function.description } : {}), ...(t.function?.parameters ? { parameters: geminiSchema(t.function.parameters) } : {}) })) }];
    const choice = b.tool_choice;
    const mode = choice === "required" ? "ANY" : choice === "none" ? "NONE" : (choice as { function?: { name?: string } } | undefined)?.function?.name ? "ANY" : choice === "auto" ? "AUTO" : null;
    if (mode) out.toolConfig = { functionCallingConfig: { mode, ...((choice as { function?: { name?: string } })?.function?.name ? { allowedFunctionNames: [(choice as { function: { name: string } }).function.name] } : {}) } };
  }
  if (Object.keys(generationConfig).length) out.generationConfig = generationConfig;
  return out;
}

const FINISH: Record<string, string> = { STOP: "stop", MAX_TOKENS: "length", SAFETY: "content_filter", RECITATION: "content_filter", BLOCKLIST: "content_filter", PROHIBITED_CONTENT: "content_filter", SPII: "content_filter", IMAGE_SAFETY: "content_filter", MALFORMED_FUNCTION_CALL: "error", LANGUAGE: "content_filter" };

type GeminiResponse = {
  responseId?: string;
  candidates?: { content?: { parts?: Part[] }; finishReason?: string }[];
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; cachedContentTokenCount?: number; thoughtsTokenCount?: number };
  promptFeedback?: { blockReason?: string };
};

export function geminiUsage(u: NonNullable<GeminiResponse["usageMetadata"]>): NormalUsage {
  // Gemini counts thoughts apart from the candidates; OpenAI's completion_tokens includes reasoning.
  const thoughts = u.thoughtsTokenCount ?? 0;
  return {
    prompt_tokens: u.promptTokenCount ?? 0,
    completion_tokens: (u.candidatesTokenCount ?? 0) + thoughts,
    prompt_tokens_details: { cached_tokens: u.cachedContentTokenCount ?? 0 },
    completion_tokens_details: { reasoning_tokens: thoughts },
  };
}

function finishOf(r: GeminiResponse, hasCalls: boolean): string | null {
  if (r.promptFeedback?.blockReason) return "content_filter";
  const reason = r.candidates?.[0]?.finishReason;
  if (!reason) return null;
  if (reason === "STOP" && hasCalls) return "tool_calls";
  return FINISH[reason] ?? "stop";
}

/** The parts of one candidate as a normalised message; `callIndex` continues tool-call numbering across stream chunks. */
function messageOf(partsIn: Part[], excludeReasoning: boolean, callIndex = 0): { message: NormalMessage; calls: number } {
  let text = "";
  let thoughts = "";
  const calls: NormalToolCall[] = [];
  for (const p of partsIn) {
    if (p.functionCall) calls.push({ index: callIndex + calls.length, id: p.functionCall.id ?? `call_${callIndex + calls.length}`, type: "function", function: { name: p.functionCall.name, arguments: JSON.stringify(p.functionCall.args ?? {}) } });
    else if (p.text !== undefined) {
      if (p.thought) thoughts += p.text;
      else text += p.text;
    }
  }
  const message: NormalMessage = { role: "assistant", content: text || (calls.length ? null : "") };
  if (calls.length) message.tool_calls = calls;
  if (thoughts && !excludeReasoning) message.reasoning = thoughts;
  return { message, calls: calls.length };
}

export function parseGeminiCompletion(json: unknown, { excludeReasoning }: { excludeReasoning: boolean }): NormalCompletion {
  const r = (Array.isArray(json) ? json[0] : json) as GeminiResponse;
  if (!r || typeof r !== "object" || (!r.candidates && !r.promptFeedback)) throw new Error("not a Gemini response");
  const { message, calls } = messageOf(r.candidates?.[0]?.content?.parts ?? [], excludeReasoning);
  if (message.tool_calls) for (const c of message.tool_calls) delete c.index;
  return { id: r.responseId, choices: [{ index: 0, message, finish_reason: finishOf(r, calls > 0) }], usage: r.usageMetadata ? geminiUsage(r.usageMetadata) : undefined };
}

export function geminiStreamDecoder({ excludeReasoning }: { excludeReasoning: boolean }) {
  const sse = sseSplitter();
  let calls = 0;
  let first = true;
  const decode = (events: { data: string }[]): NormalChunk[] => {
    const out: NormalChunk[] = [];
    for (const { data } of events) {
      let r: GeminiResponse & { error?: { message?: string } };
      try {
        r = JSON.parse(data);
      } catch {
        continue;
      }
      if (r.error) throw new Error(r.error.message ?? "the provider reported an error in the stream");
      const { message, calls: n } = messageOf(r.candidates?.[0]?.content?.parts ?? [], excludeReasoning, calls);
      calls += n;
      const delta: NormalMessage = {};
      if (first) delta.role = "assistant";
      first = false;
      if (typeof message.content === "string" && message.content) delta.content = message.content;
      if (message.tool_calls) delta.tool_calls = message.tool_calls;
      if (message.reasoning) delta.reasoning = message.reasoning;
      out.push({ id: r.responseId, choices: [{ index: 0, delta, finish_reason: finishOf(r, calls > 0) }], ...(r.usageMetadata ? { usage: geminiUsage(r.usageMetadata) } : {}) });
    }
    return out;
  };
  return { push: (bytes: Uint8Array) => decode(sse.push(bytes)), end: () => decode(sse.end()) };
}

export const geminiAdapter: ProviderAdapter = {
  format: "gemini",
  supportedParameters: GEMINI_PARAMETERS,
  buildRequest(input) {
    const model = encodeURIComponent(input.endpoint.upstreamModel);
    return {
      url: `${input.baseUrl}/models/${model}:${input.stream ? "streamGenerateContent?alt=sse" : "generateContent"}`,
      headers: { "content-type": "application/json", accept: input.stream ? "text/event-stream" : "application/json", ...(input.apiKey ? { "x-goog-api-key": input.apiKey } : {}) },
      body: JSON.stringify(geminiBody(input.body, input.maxOutputTokens)),
    };
  },
  parseCompletion: parseGeminiCompletion,
  streamDecoder: geminiStreamDecoder,
  parseError: (status, text, headers) => ({ message: errorMessage(text), retryable: isRetryableStatus(status), retryAfterSeconds: retryAfterSeconds(headers) }),
};
