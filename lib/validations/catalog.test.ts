import { describe, expect, it } from "vitest";
import { createEndpointSchema, createProviderSchema, updateEndpointSchema, updateProviderSchema } from "./catalog";
import { updatePrivacySchema } from "./privacy";

describe("privacy settings schema", () => {
  it("takes either switch or both, and nothing else", () => {
    expect(updatePrivacySchema.parse({ zdr_only: true })).toEqual({ zdr_only: true });
    expect(updatePrivacySchema.parse({ zdr_only: false, prompt_logging: true })).toEqual({ zdr_only: false, prompt_logging: true });
    expect(updatePrivacySchema.safeParse({}).success).toBe(false);
    expect(updatePrivacySchema.safeParse({ zdr_only: "true" }).success).toBe(false);
    expect(updatePrivacySchema.safeParse({ zdr_only: true, extra: 1 }).success).toBe(false);
  });
});

describe("provider schemas", () => {
  const base = { slug: "my-vllm", name: "My vLLM", base_url: "http://127.0.0.1:8000/v1/" };

  it("normalises the slug and the base URL", () => {
    expect(createProviderSchema.parse({ ...base, slug: " My-VLLM " })).toMatchObject({ slug: "my-vllm", base_url: "http://127.0.0.1:8000/v1" });
  });

  it.each([
    ["a slug with spaces", { slug: "my vllm" }],
    ["a Sandbox slug", { slug: "sandbox-c" }],
    ["the sandbox: URL", { base_url: "sandbox:" }],
    ["a non-HTTP URL", { base_url: "file:///etc/passwd" }],
    ["an empty name", { name: " " }],
    ["an empty API key", { api_key: "" }],
    ["a timeout in seconds", { timeout_ms: 30 }],
  ])("refuses %s", (_name, patch) => {
    expect(createProviderSchema.safeParse({ ...base, ...patch }).success).toBe(false);
  });

  it("clears the key with null and needs something to change", () => {
    expect(updateProviderSchema.parse({ api_key: null })).toEqual({ api_key: null });
    expect(updateProviderSchema.safeParse({}).success).toBe(false);
    expect(updateProviderSchema.safeParse({ slug: "renamed" }).success).toBe(false);
  });
});

describe("endpoint schemas", () => {
  const base = { model_slug: "Meta-Llama/Llama-3.1-8B-Instruct", upstream_model: "llama3.1:8b", prompt_price: 0.05, completion_price: 0.08 };

  it("lower-cases the model slug and keeps the upstream id as given", () => {
    expect(createEndpointSchema.parse(base)).toMatchObject({ model_slug: "meta-llama/llama-3.1-8b-instruct", upstream_model: "llama3.1:8b" });
  });

  it.each([
    ["a slug without an author", { model_slug: "llama" }],
    ["a negative price", { prompt_price: -0.01 }],
    ["more than 6 decimals", { completion_price: 0.0000001 }],
    ["a fractional context length", { context_length: 8192.5 }],
  ])("refuses %s", (_name, patch) => {
    expect(createEndpointSchema.safeParse({ ...base, ...patch }).success).toBe(false);
  });

  it("allows clearing the cached price and needs something to change", () => {
    expect(updateEndpointSchema.parse({ cached_price: null })).toEqual({ cached_price: null });
    expect(updateEndpointSchema.safeParse({}).success).toBe(false);
  });
});
