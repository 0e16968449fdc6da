// The providers the dashboard offers when adding a key (the API accepts any lowercase slug).
// Kept free of server imports: the client component reads it too.
export const COMMON_PROVIDERS = ["openai", "anthropic", "groq", "together", "mistral", "deepinfra", "fireworks", "openrouter", "custom"] as const;

const LABELS: Record<string, string> = {
  openai: "OpenAI",
  anthropic: "Anthropic",
  groq: "Groq",
  together: "Together AI",
  mistral: "Mistral",
  deepinfra: "DeepInfra",
  fireworks: "Fireworks",
  openrouter: "OpenRouter",
  custom: "Custom",
};

/** "openai" -> "OpenAI"; an unknown slug is shown as is. */
export function providerLabel(slug: string): string {
  return LABELS[slug] ?? slug;
}
