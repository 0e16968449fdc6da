// The catalog a new instance starts with. The two Sandbox providers are built in and answer
// offline; the others are real providers (OpenAI-compatible, or Anthropic's own format) that work
// once a key is configured (instance-wide in Settings, or per account with BYOK). Prices: USD per
// million tokens (list prices); `cached` is the cache read price, `cacheWrite` the cache write price.
export type CatalogSeed = {
  providers: { slug: string; name: string; baseUrl: string; retainsData: boolean; trainsOnData?: boolean; isSandbox?: boolean; apiFormat?: string }[];
  models: {
    slug: string; name: string; description: string; contextLength: number;
    endpoints: { provider: string; upstreamModel: string; prompt: number; completion: number; cached?: number; cacheWrite?: number; maxOutput?: number; parameters?: string[] }[];
  }[];
};

// OpenAI's reasoning models take max_completion_tokens and reasoning_effort, and no sampling parameters.
const OPENAI_REASONING = ["max_completion_tokens", "reasoning", "reasoning_effort", "seed", "stop", "response_format", "structured_outputs", "tools", "tool_choice", "parallel_tool_calls", "user"];

export const DEFAULT_CATALOG: CatalogSeed = {
  providers: [
    { slug: "sandbox-a", name: "Sandbox A", baseUrl: "sandbox:", retainsData: false, isSandbox: true },
    { slug: "sandbox-b", name: "Sandbox B", baseUrl: "sandbox:", retainsData: true, isSandbox: true },
    { slug: "openai", name: "OpenAI", baseUrl: "https://api.openai.com/v1", retainsData: true },
    { slug: "anthropic", name: "Anthropic", baseUrl: "https://api.anthropic.com/v1", retainsData: true, apiFormat: "anthropic" },
    { slug: "google-ai-studio", name: "Google AI Studio", baseUrl: "https://generativelanguage.googleapis.com/v1beta", retainsData: true, apiFormat: "gemini" },
    { slug: "groq", name: "Groq", baseUrl: "https://api.groq.com/openai/v1", retainsData: false },
    { slug: "together", name: "Together", baseUrl: "https://api.together.xyz/v1", retainsData: false },
    { slug: "mistral", name: "Mistral", baseUrl: "https://api.mistral.ai/v1", retainsData: true },
    { slug: "deepinfra", name: "DeepInfra", baseUrl: "https://api.deepinfra.com/v1/openai", retainsData: false },
    { slug: "fireworks", name: "Fireworks", baseUrl: "https://api.fireworks.ai/inference/v1", retainsData: false },
  ],
  models: [
    {
      slug: "sandbox/echo",
      name: "Sandbox Echo (free, offline)",
      description: "Built-in test model: echoes your last message. Served by two Sandbox providers, so fallbacks can be tried offline.",
      contextLength: 32768,
      endpoints: [
        { provider: "sandbox-a", upstreamModel: "echo", prompt: 0, completion: 0, maxOutput: 4096 },
        { provider: "sandbox-b", upstreamModel: "echo", prompt: 0, completion: 0, maxOutput: 4096 },
      ],
    },
    {
      slug: "sandbox/echo-priced",
      name: "Sandbox Echo (priced, offline)",
      description: "Built-in test model with a price, to see cost, credits and budgets at work offline.",
      contextLength: 32768,
      endpoints: [
        { provider: "sandbox-a", upstreamModel: "echo", prompt: 1, completion: 2, maxOutput: 4096 },
        { provider: "sandbox-b", upstreamModel: "echo", prompt: 1.5, completion: 2.5, maxOutput: 4096 },
      ],
    },
    { slug: "openai/gpt-4o-mini", name: "OpenAI: GPT-4o mini", description: "Small, fast, affordable GPT-4o.", contextLength: 128000, endpoints: [{ provider: "openai", upstreamModel: "gpt-4o-mini", prompt: 0.15, completion: 0.6, cached: 0.075, maxOutput: 16384 }] },
    { slug: "openai/gpt-4o", name: "OpenAI: GPT-4o", description: "OpenAI's flagship multimodal model.", contextLength: 128000, endpoints: [{ provider: "openai", upstreamModel: "gpt-4o", prompt: 2.5, completion: 10, cached: 1.25, maxOutput: 16384 }] },
    { slug: "openai/gpt-5", name: "OpenAI: GPT-5", description: "OpenAI's reasoning flagship.", contextLength: 400000, endpoints: [{ provider: "openai", upstreamModel: "gpt-5", prompt: 1.25, completion: 10, cached: 0.125, maxOutput: 128000, parameters: OPENAI_REASONING }] },
    { slug: "openai/o4-mini", name: "OpenAI: o4-mini", description: "Fast, affordable reasoning model.", contextLength: 200000, endpoints: [{ provider: "openai", upstreamModel: "o4-mini", prompt: 1.1, completion: 4.4, cached: 0.275, maxOutput: 100000, parameters: OPENAI_REASONING }] },
    { slug: "anthropic/claude-sonnet-4.5", name: "Anthropic: Claude Sonnet 4.5", description: "Anthropic's balanced model for agents and coding, with extended thinking.", contextLength: 200000, endpoints: [{ provider: "anthropic", upstreamModel: "claude-sonnet-4-5", prompt: 3, completion: 15, cached: 0.3, cacheWrite: 3.75, maxOutput: 64000 }] },
    { slug: "anthropic/claude-haiku-4.5", name: "Anthropic: Claude Haiku 4.5", description: "Anthropic's fastest model.", contextLength: 200000, endpoints: [{ provider: "anthropic", upstreamModel: "claude-haiku-4-5", prompt: 1, completion: 5, cached: 0.1, cacheWrite: 1.25, maxOutput: 64000 }] },
    { slug: "google/gemini-2.5-flash", name: "Google: Gemini 2.5 Flash", description: "Google's fast thinking model, 1M tokens of context.", contextLength: 1048576, endpoints: [{ provider: "google-ai-studio", upstreamModel: "gemini-2.5-flash", prompt: 0.3, completion: 2.5, cached: 0.075, maxOutput: 65536 }] },
    { slug: "google/gemini-2.5-pro", name: "Google: Gemini 2.5 Pro", description: "Google's most capable thinking model (prices for prompts up to 200k tokens).", contextLength: 1048576, endpoints: [{ provider: "google-ai-studio", upstreamModel: "gemini-2.5-pro", prompt: 1.25, completion: 10, cached: 0.31, maxOutput: 65536 }] },
    { slug: "anthropic/claude-opus-4.1", name: "Anthropic: Claude Opus 4.1", description: "Anthropic's most capable model.", contextLength: 200000, endpoints: [{ provider: "anthropic", upstreamModel: "claude-opus-4-1", prompt: 15, completion: 75, cached: 1.5, cacheWrite: 18.75, maxOutput: 32000 }] },
    {
      slug: "meta-llama/llama-3.1-8b-instruct",
      name: "Meta: Llama 3.1 8B Instruct",
      description: "Fast 8B open model, served by several providers.",
      contextLength: 131072,
      endpoints: [
        { provider: "groq", upstreamModel: "llama-3.1-8b-instant", prompt: 0.05, completion: 0.08 },
        { provider: "deepinfra", upstreamModel: "meta-llama/Meta-Llama-3.1-8B-Instruct", prompt: 0.03, completion: 0.05 },
        { provider: "together", upstreamModel: "meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo", prompt: 0.18, completion: 0.18 },
        { provider: "fireworks", upstreamModel: "accounts/fireworks/models/llama-v3p1-8b-instruct", prompt: 0.2, completion: 0.2 },
      ],
    },
    {
      slug: "meta-llama/llama-3.3-70b-instruct",
      name: "Meta: Llama 3.3 70B Instruct",
      description: "Strong 70B open model, served by several providers.",
      contextLength: 131072,
      endpoints: [
        { provider: "groq", upstreamModel: "llama-3.3-70b-versatile", prompt: 0.59, completion: 0.79 },
        { provider: "deepinfra", upstreamModel: "meta-llama/Llama-3.3-70B-Instruct", prompt: 0.23, completion: 0.4 },
        { provider: "together", upstreamModel: "meta-llama/Llama-3.3-70B-Instruct-Turbo", prompt: 0.88, completion: 0.88 },
        { provider: "fireworks", upstreamModel: "accounts/fireworks/models/llama-v3p3-70b-instruct", prompt: 0.9, completion: 0.9 },
      ],
    },
    { slug: "mistralai/mistral-small", name: "Mistral: Small", description: "Mistral's efficient small model.", contextLength: 32768, endpoints: [{ provider: "mistral", upstreamModel: "mistral-small-latest", prompt: 0.1, completion: 0.3 }] },
  ],
};
