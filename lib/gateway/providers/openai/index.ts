// OpenAI's chat completions wire format (OpenAI, and every OpenAI-compatible server: vLLM, Groq,
// Together, DeepInfra, Ollama, another gateway). Translated as OpenRouter does: `reasoning` becomes
// `reasoning_effort`, max_tokens becomes max_completion_tokens where the endpoint only takes that,
// known parameters the endpoint does not support are dropped, and `reasoning_content` (vLLM, DeepSeek)
// comes back as `reasoning` (or not at all with reasoning.exclude).
import type { ChatRequest } from "../../../validations/chat";
import { errorMessage, GATEWAY_ONLY_FIELDS, isRetryableStatus, reasoningOf, retryAfterSeconds, sseSplitter } from "../common";
import type { BuildInput, NormalChunk, NormalCompletion, NormalMessage, ProviderAdapter } from "../types";

export const OPENAI_PARAMETERS = [
  "max_tokens", "temperature", "top_p", "frequency_penalty", "presence_penalty", "seed", "stop", "logit_bias", "logprobs",
  "top_logprobs", "response_format", "structured_outputs", "tools", "tool_choice", "parallel_tool_calls", "user", "n",
] as const;

/** The body OpenAI-format providers get; `supported` is the endpoint's parameter list. */
export function openaiBody(body: ChatRequest, input: Pick<BuildInput, "endpoint" | "stream">, supported: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...body };
  for (const f of GATEWAY_ONLY_FIELDS) delete out[f];
  const reasoning = reasoningOf(body);
  delete out.reasoning;
  delete out.include_reasoning;
  if (supported.includes("reasoning_effort") && reasoning) out.reasoning_effort = reasoning.effort ?? "medium"; // a token budget alone: OpenAI takes only an effort
  else delete out.reasoning_effort;
  // Reasoning models take max_completion_tokens only (max_tokens is refused with a 400).
  if (!supported.includes("max_tokens") && supported.includes("max_completion_tokens") && out.max_tokens !== undefined) {
    out.max_completion_tokens ??= out.max_tokens;
    delete out.max_tokens;
  }
  if (!supported.includes("max_completion_tokens") && out.max_completion_tokens !== undefined) {
    out.max_tokens ??= out.max_completion_tokens;
    delete out.max_completion_tokens;
  }
  for (const p of ["top_k", "min_p", "top_a", "repetition_penalty", "verbosity", "web_search_options", ...OPENAI_PARAMETERS]) {
    if (!supported.includes(p) && p !== "max_tokens") delete out[p];
  }
  out.model = input.endpoint.upstreamModel;
  out.stream = input.stream;
  if (input.stream) out.stream_options = { include_usage: true };
  else delete out.stream_options;
  return out;
}

/** `reasoning_content` (vLLM, DeepSeek) as OpenRouter's `reasoning`; dropped with reasoning.exclude. */
function normaliseMessage(message: NormalMessage & { reasoning_content?: string | null }, excludeReasoning: boolean): NormalMessage {
  if (!message || typeof message !== "object") return message;
  const { reasoning_content, ...rest } = message;
  const out: NormalMessage & { reasoning_details?: unknown } = { ...rest };
  if (reasoning_content && out.reasoning === undefined) out.reasoning = reasoning_content;
  if (excludeReasoning) {
    delete out.reasoning;
    delete out.reasoning_details;
  }
  return out;
}

export function parseOpenaiCompletion(json: unknown, { excludeReasoning }: { excludeReasoning: boolean }): NormalCompletion {
  if (typeof json !== "object" || json === null) throw new Error("not a JSON object");
  const completion = json as NormalCompletion;
  return { ...completion, choices: completion.choices?.map((c) => ({ ...c, message: c.message && normaliseMessage(c.message, excludeReasoning) })) };
}

export function openaiStreamDecoder({ excludeReasoning }: { excludeReasoning: boolean }) {
  const sse = sseSplitter();
  const decode = (events: { data: string }[]): NormalChunk[] => {
    const chunks: NormalChunk[] = [];
    for (const { data } of events) {
      if (!data || data === "[DONE]") continue;
      let chunk: NormalChunk & { error?: { message?: string } };
      try {
        chunk = JSON.parse(data);
      } catch {
        continue;
      }
      if (chunk.error && !chunk.choices?.length) throw new Error(chunk.error.message ?? "the provider reported an error in the stream");
      chunks.push({ ...chunk, choices: chunk.choices?.map((c) => ({ ...c, delta: normaliseMessage(c.delta ?? {}, excludeReasoning) })) });
    }
    return chunks;
  };
  return { push: (bytes: Uint8Array) => decode(sse.push(bytes)), end: () => decode(sse.end()) };
}

export function parseOpenaiError(status: number, text: string, headers: Record<string, string | string[] | undefined>) {
  return { message: errorMessage(text), retryable: isRetryableStatus(status), retryAfterSeconds: retryAfterSeconds(headers) };
}

export const openaiAdapter: ProviderAdapter = {
  format: "openai",
  supportedParameters: OPENAI_PARAMETERS,
  buildRequest(input) {
    const supported = (input.endpoint.supportedParameters as string[] | null) ?? OPENAI_PARAMETERS;
    return {
      url: `${input.baseUrl}/chat/completions`,
      headers: { "content-type": "application/json", accept: input.stream ? "text/event-stream" : "application/json", ...(input.apiKey ? { authorization: `Bearer ${input.apiKey}` } : {}) },
      body: JSON.stringify(openaiBody(input.body, input, supported)),
    };
  },
  parseCompletion: parseOpenaiCompletion,
  streamDecoder: openaiStreamDecoder,
  parseError: parseOpenaiError,
};
