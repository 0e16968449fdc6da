import { describe, expect, it } from "vitest";
import { SUPPORTED_TYPES } from "../broadcast/types";
import { CONFIG_SCHEMAS, createDestinationSchema, parseDestinationConfig, replayDeliveriesSchema, updateDestinationSchema } from "./broadcast";

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => result.error?.issues.map((i) => i.path.join(".")) ?? [];

describe("createDestinationSchema", () => {
  it("fills the SDK's defaults and normalises regions (eu = europe)", () => {
    const parsed = createDestinationSchema.parse({ type: "webhook", name: "  hook ", config: { url: "https://x.test" }, regions: ["eu", "europe", "us"], api_key_hashes: ["a", "a"] });
    expect(parsed).toMatchObject({ name: "hook", enabled: true, privacy_mode: false, broadcast_generation_cost: false, regions: ["europe", "us"], api_key_hashes: ["a"] });
  });

  it("refuses an unknown type, an unsupported contract type, a rate out of 0.0001..1 and empty regions", () => {
    expect(paths(createDestinationSchema.safeParse({ type: "splunk", name: "x", config: {} }))).toEqual(["type"]);
    const unsupported = createDestinationSchema.safeParse({ type: "posthog", name: "x", config: {} });
    expect(paths(unsupported)).toEqual(["type"]);
    expect(unsupported.error?.issues[0].message).toContain("supported types");
    for (const sampling_rate of [0, 1.5, -1]) expect(paths(createDestinationSchema.safeParse({ type: "webhook", name: "x", config: {}, sampling_rate }))).toEqual(["sampling_rate"]);
    expect(paths(createDestinationSchema.safeParse({ type: "webhook", name: "x", config: {}, regions: [] }))).toEqual(["regions"]);
  });

  it("PATCH takes every field as optional and no type", () => {
    expect(updateDestinationSchema.parse({})).toEqual({});
    expect(updateDestinationSchema.parse({ type: "s3" } as never)).toEqual({});
  });
});

describe("per-type config", () => {
  it("every supported type has a schema; required credentials are reported under config.<field>", () => {
    expect(Object.keys(CONFIG_SCHEMAS).sort()).toEqual([...SUPPORTED_TYPES].sort());
    const missing = (type: (typeof SUPPORTED_TYPES)[number]) => {
      try {
        parseDestinationConfig(type, {});
        return [];
      } catch (error) {
        return (error as { issues: { path: PropertyKey[] }[] }).issues.map((i) => i.path.join("."));
      }
    };
    expect(missing("datadog")).toEqual(["config.apiKey", "config.mlApp"]);
    expect(missing("langfuse")).toEqual(["config.publicKey", "config.secretKey"]);
    expect(missing("s3")).toEqual(["config.bucketName", "config.accessKeyId", "config.secretAccessKey"]);
    expect(missing("otel-collector")).toEqual(["config.endpoint"]);
  });

  it("URLs must be http(s); a webhook method is POST or PUT; unknown keys are dropped", () => {
    expect(() => parseDestinationConfig("webhook", { url: "ftp://x.test" })).toThrow();
    expect(() => parseDestinationConfig("webhook", { url: "https://x.test", method: "GET" })).toThrow();
    expect(parseDestinationConfig("webhook", { url: "https://x.test", method: "PUT", extra: 1 })).toEqual({ url: "https://x.test", method: "PUT" });
  });

  it("replay needs an ISO time", () => {
    expect(replayDeliveriesSchema.safeParse({ since: "2026-01-01T00:00:00Z" }).success).toBe(true);
    expect(replayDeliveriesSchema.safeParse({ since: "yesterday" }).success).toBe(false);
  });
});
