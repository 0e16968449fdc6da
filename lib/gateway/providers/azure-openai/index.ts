// Azure OpenAI: OpenAI's wire format at a resource endpoint (https://<resource>.openai.azure.com),
// addressed by deployment (the endpoint's upstream model) and `api-version`, with an `api-key`
// header. With apiVersion "v1", Azure's v1 route (…/openai/v1/chat/completions, the model in the body).
import type { ProviderAdapter } from "../types";
import { OPENAI_PARAMETERS, openaiBody, parseOpenaiCompletion, openaiStreamDecoder, parseOpenaiError } from "../openai";

export const AZURE_DEFAULT_API_VERSION = "2024-10-21";

export const azureOpenaiAdapter: ProviderAdapter = {
  format: "azure-openai",
  supportedParameters: OPENAI_PARAMETERS,
  buildRequest(input) {
    const config = (input.endpoint.provider.config ?? {}) as { apiVersion?: string };
    const apiVersion = config.apiVersion || AZURE_DEFAULT_API_VERSION;
    const base = input.baseUrl.replace(/\/openai(\/v1)?$/, "");
    const supported = (input.endpoint.supportedParameters as string[] | null) ?? OPENAI_PARAMETERS;
    const body = openaiBody(input.body, input, supported);
    const url = apiVersion === "v1"
      ? `${base}/openai/v1/chat/completions`
      : `${base}/openai/deployments/${encodeURIComponent(input.endpoint.upstreamModel)}/chat/completions?api-version=${encodeURIComponent(apiVersion)}`;
    if (apiVersion !== "v1") delete body.model;
    return {
      url,
      headers: { "content-type": "application/json", accept: input.stream ? "text/event-stream" : "application/json", ...(input.apiKey ? { "api-key": input.apiKey } : {}) },
      body: JSON.stringify(body),
    };
  },
  parseCompletion: parseOpenaiCompletion,
  streamDecoder: openaiStreamDecoder,
  parseError: parseOpenaiError,
};
