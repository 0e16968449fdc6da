// The provider adapter interface. The gateway's normalised request and answer are OpenAI's chat
// completions shapes (with OpenRouter's extensions: `reasoning`, `provider`, …); each wire format is
// one folder (providers/<format>/) with pure transforms: the upstream request, a completion, a stream
// decoded into normalised chunks (with usage), and errors. upstream.ts only carries the bytes.
import type { CatalogEndpoint } from "../catalog";
import type { ChatRequest } from "../../validations/chat";

export const API_FORMATS = ["openai", "anthropic", "azure-openai", "gemini", "bedrock"] as const;
export type ApiFormat = (typeof API_FORMATS)[number];

/** What the adapter sends: the transport adds content-length, user agent and the body. */
export type UpstreamRequest = { url: string; headers: Record<string, string>; body: string };

/** OpenAI's usage object as the gateway reads it (cache_write_tokens is OpenRouter's addition). */
export type NormalUsage = {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number; cache_write_tokens?: number } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
};

export type NormalToolCall = { id?: string; index?: number; type?: "function"; function?: { name?: string; arguments?: string } };
export type NormalMessage = { role?: string; content?: unknown; reasoning?: string | null; tool_calls?: NormalToolCall[]; refusal?: string | null };

/** A chat.completion as the gateway answers it (before its own id, model and usage are put on). */
export type NormalCompletion = {
  id?: string;
  choices?: { index?: number; message?: NormalMessage; finish_reason?: string | null }[];
  usage?: NormalUsage;
  system_fingerprint?: string | null;
  service_tier?: string | null;
  [extra: string]: unknown;
};

/** A chat.completion.chunk (before the gateway's id and model are put on). */
export type NormalChunk = {
  id?: string;
  choices?: { index: number; delta: NormalMessage; finish_reason?: string | null }[];
  usage?: NormalUsage;
  system_fingerprint?: string | null;
  [extra: string]: unknown;
};

/** A provider's refusal, as the gateway acts on it. */
export type UpstreamError = { message: string | null; retryable: boolean; retryAfterSeconds: number | null };

export type BuildInput = {
  body: ChatRequest;
  endpoint: CatalogEndpoint;
  baseUrl: string;
  apiKey: string | null;
  stream: boolean;
  /** The most tokens the answer may have (the client's, else the model's max output); required by some formats. */
  maxOutputTokens: number;
};

/** Decodes a provider's stream: bytes in, normalised chunks out. Throws on an error the stream itself reports. */
export type StreamDecoder = { push(bytes: Uint8Array): NormalChunk[]; end(): NormalChunk[] };

export type ProviderAdapter = {
  format: ApiFormat;
  /** The request parameters this format can carry (the rest are dropped, or with require_parameters the endpoint is skipped). */
  supportedParameters: readonly string[];
  /** Synchronous except where the format signs its requests (Bedrock's SigV4). */
  buildRequest(input: BuildInput): UpstreamRequest | Promise<UpstreamRequest>;
  parseCompletion(json: unknown, options: { excludeReasoning: boolean }): NormalCompletion;
  streamDecoder(options: { excludeReasoning: boolean }): StreamDecoder;
  parseError(status: number, text: string, headers: Record<string, string | string[] | undefined>): UpstreamError;
};
