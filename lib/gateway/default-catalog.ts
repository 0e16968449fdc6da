// The catalog a new instance starts with. The two Sandbox providers are built in and answer
// offline; the others are real OpenAI-compatible providers that work once a key is configured
// (instance-wide in Settings, or per account with BYOK). Prices: USD per million tokens.
export type CatalogSeed = {
  providers: { slug: string; name: string; baseUrl: string; retainsData: boolean; trainsOnData?: boolean; isSandbox?: boolean }[];
  models: { slug: string; name: string; description: string; contextLength: number; endpoints: { provider: string; upstreamModel: string; prompt: number; completion: number; cached?: number }[] }[];
};

export const DEFAULT_CATALOG: CatalogSeed = {
  providers: [
    { slug: "sandbox-a", name: "Sandbox A", baseUrl: "sandbox:", retainsData: false, isSandbox: true },
    { slug: "sandbox-b", name: "Sandbox B", baseUrl: "sandbox:", retainsData: true, isSandbox: true },
    { slug: "openai", name: "OpenAI", baseUrl: "https://api.openai.com/v1", retainsData: true },
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
        { provider: "sandbox-a", upstreamModel: "echo", prompt: 0, completion: 0 },
        { provider: "sandbox-b", upstreamModel: "echo", prompt: 0, completion: 0 },
      ],
    },
    {
      slug: "sandbox/echo-priced",
      name: "Sandbox Echo (priced, offline)",
      description: "Built-in test model with a price, to see cost, credits and budgets at work offline.",
      contextLength: 32768,
      endpoints: [
        { provider: "sandbox-a", upstreamModel: "echo", prompt: 1, completion: 2 },
        { provider: "sandbox-b", upstreamModel: "echo", prompt: 1.5, completion: 2.5 },
      ],
    },
    { slug: "openai/gpt-4o-mini", name: "OpenAI: GPT-4o mini", description: "Small, fast, affordable GPT-4o.", contextLength: 128000, endpoints: [{ provider: "openai", upstreamModel: "gpt-4o-mini", prompt: 0.15, completion: 0.6, cached: 0.075 }] },
    { slug: "openai/gpt-4o", name: "OpenAI: GPT-4o", description: "OpenAI's flagship multimodal model.", contextLength: 128000, endpoints: [{ provider: "openai", upstreamModel: "gpt-4o", prompt: 2.5, completion: 10, cached: 1.25 }] },
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
