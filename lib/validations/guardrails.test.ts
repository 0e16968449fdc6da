import { describe, expect, it } from "vitest";
import { createGuardrailSchema, effectivePolicyQuerySchema, keyHashesSchema, updateGuardrailSchema } from "./guardrails";

describe("guardrail schemas", () => {
  it("accepts every field the contract lists that Tollgate enforces; slugs are lower-cased and de-duplicated", () => {
    const parsed = createGuardrailSchema.parse({ name: " Team ", limit_usd: 12.5, reset_interval: "weekly", include_byok_in_budgets: true, allowed_models: ["A/B", "a/b"], ignored_providers: ["Groq"], enforce_zdr: true, allowed_providers: null });
    expect(parsed).toMatchObject({ name: "Team", limit_usd: 12.5, reset_interval: "weekly", allowed_models: ["a/b"], ignored_providers: ["groq"], allowed_providers: null });
  });

  it("refuses what Tollgate does not enforce, unless it asks for nothing", () => {
    expect(createGuardrailSchema.safeParse({ name: "x", content_filters: [{ pattern: "a", action: "block" }] }).success).toBe(false);
    expect(createGuardrailSchema.safeParse({ name: "x", enforce_zdr_openai: true }).success).toBe(false);
    expect(createGuardrailSchema.safeParse({ name: "x", content_filters: null, allowed_data_regions: [], enforce_zdr_openai: false }).success).toBe(true);
  });

  it("refuses negative or over-precise budgets, unknown intervals, empty names and slugs", () => {
    for (const body of [{ name: "x", limit_usd: -1 }, { name: "x", limit_usd: 0.0000001 }, { name: "x", reset_interval: "hourly" }, { name: "  " }, { name: "x", allowed_models: [""] }, { name: "x", allowed_models: "a/b" }]) {
      expect(createGuardrailSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
    }
    expect(updateGuardrailSchema.safeParse({}).success).toBe(true);
    expect(updateGuardrailSchema.safeParse({ workspace_id: "w" }).data).toEqual({});
  });

  it("bulk bodies need at least one id; the effective policy needs exactly one subject", () => {
    expect(keyHashesSchema.safeParse({ key_hashes: [] }).success).toBe(false);
    expect(effectivePolicyQuerySchema.safeParse({ key_hash: "h", user_id: "u" }).success).toBe(false);
    expect(effectivePolicyQuerySchema.safeParse({ user_id: "u" }).success).toBe(true);
  });
});
