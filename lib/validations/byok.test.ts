import { describe, expect, it } from "vitest";
import { createByokKeySchema, listByokKeysSchema, updateByokKeySchema } from "./byok";

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => result.error?.issues.map((i) => i.path.join(".")) ?? [];

describe("createByokKeySchema", () => {
  it("accepts the contract's fields and normalises them", () => {
    const parsed = createByokKeySchema.parse({
      provider: "amazon-bedrock",
      key: "  sk-abc123\n",
      name: "  ",
      allowed_models: ["openai/gpt-4o", "openai/gpt-4o"],
      allowed_api_key_hashes: null,
      declared_zdr: null,
    });
    expect(parsed).toMatchObject({ provider: "amazon-bedrock", key: "sk-abc123", name: null, allowed_models: ["openai/gpt-4o"], allowed_api_key_hashes: null, declared_zdr: null });
  });

  it.each(["OpenAI", "open ai", "", "-openai", "openai/", "é"])("refuses the provider %j", (provider) => {
    const result = createByokKeySchema.safeParse({ provider, key: "sk-1" });
    expect(issuePaths(result)).toContain("provider");
  });

  it.each([undefined, "", "   ", 42])("refuses the key %j", (key) => {
    expect(issuePaths(createByokKeySchema.safeParse({ provider: "openai", key }))).toContain("key");
  });

  it("refuses is_byok_only together with is_fallback", () => {
    expect(issuePaths(createByokKeySchema.safeParse({ provider: "openai", key: "sk-1", is_fallback: true, is_byok_only: true }))).toEqual(["is_byok_only"]);
    expect(createByokKeySchema.safeParse({ provider: "openai", key: "sk-1", is_fallback: true, is_byok_only: false }).success).toBe(true);
  });

  it("refuses wrong types in lists and flags", () => {
    expect(issuePaths(createByokKeySchema.safeParse({ provider: "openai", key: "sk-1", allowed_models: "gpt-4o" }))).toEqual(["allowed_models"]);
    expect(issuePaths(createByokKeySchema.safeParse({ provider: "openai", key: "sk-1", allowed_user_ids: [""] }))).toEqual(["allowed_user_ids.0"]);
    expect(issuePaths(createByokKeySchema.safeParse({ provider: "openai", key: "sk-1", disabled: "yes" }))).toEqual(["disabled"]);
  });
});

describe("updateByokKeySchema", () => {
  it("takes every field as optional; an empty key is refused", () => {
    expect(updateByokKeySchema.parse({})).toEqual({});
    expect(issuePaths(updateByokKeySchema.safeParse({ key: "" }))).toEqual(["key"]);
  });

  it("sort_order is a non-negative integer", () => {
    expect(updateByokKeySchema.parse({ sort_order: 2 })).toEqual({ sort_order: 2 });
    expect(issuePaths(updateByokKeySchema.safeParse({ sort_order: 1.5 }))).toEqual(["sort_order"]);
    expect(issuePaths(updateByokKeySchema.safeParse({ sort_order: -1 }))).toEqual(["sort_order"]);
  });
});

describe("listByokKeysSchema", () => {
  it("applies the defaults when the SDK sends no limit or offset", () => {
    expect(listByokKeysSchema.parse({})).toEqual({ limit: 50, offset: 0 });
    expect(listByokKeysSchema.parse({ limit: "10", offset: "20", provider: "groq" })).toEqual({ limit: 10, offset: 20, provider: "groq" });
  });

  it("refuses a bad limit or provider", () => {
    expect(issuePaths(listByokKeysSchema.safeParse({ limit: "0" }))).toEqual(["limit"]);
    expect(issuePaths(listByokKeysSchema.safeParse({ provider: "Open AI" }))).toEqual(["provider"]);
  });
});
