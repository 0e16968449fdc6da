// The provider adapters by wire format: a new format is a new folder and one line here.
import type { CatalogEndpoint } from "../catalog";
import type { ChatRequest } from "../../validations/chat";
import { anthropicAdapter } from "./anthropic";
import { azureOpenaiAdapter } from "./azure-openai";
import { bedrockAdapter } from "./bedrock";
import { geminiAdapter } from "./gemini";
import { requestedParameters } from "./common";
import { openaiAdapter } from "./openai";
import { API_FORMATS, type ApiFormat, type ProviderAdapter } from "./types";

const ADAPTERS: Record<ApiFormat, ProviderAdapter> = {
  openai: openaiAdapter,
  anthropic: anthropicAdapter,
  "azure-openai": azureOpenaiAdapter,
  gemini: geminiAdapter,
  bedrock: bedrockAdapter,
};

export { API_FORMATS, type ApiFormat };

export function isApiFormat(value: string): value is ApiFormat {
  return (API_FORMATS as readonly string[]).includes(value);
}

export function adapterFor(endpoint: CatalogEndpoint): ProviderAdapter {
  return ADAPTERS[endpoint.provider.apiFormat as ApiFormat] ?? openaiAdapter;
}

/** The parameters this endpoint takes: its own list from the catalog, else its format's. */
export function endpointParameters(endpoint: CatalogEndpoint): readonly string[] {
  return (endpoint.supportedParameters as string[] | null) ?? adapterFor(endpoint).supportedParameters;
}

/** The known parameters of the request this endpoint would drop (provider.require_parameters skips such an endpoint). */
export function unsupportedParameters(body: ChatRequest, endpoint: CatalogEndpoint): string[] {
  const supported = endpointParameters(endpoint);
  // Equivalent spellings: an endpoint with either max-tokens parameter takes both.
  const has = (p: string) => supported.includes(p) || (p === "max_completion_tokens" && supported.includes("max_tokens")) || (p === "max_tokens" && supported.includes("max_completion_tokens")) || (p === "reasoning_effort" && supported.includes("reasoning")) || (p === "include_reasoning" && supported.includes("reasoning"));
  return requestedParameters(body).filter((p) => !has(p));
}
