import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { API_KEY_PREFIX, apiKeyLabel, bearerApiKey, generateApiKey, hashApiKey } from "./api-keys";

describe("API key secrets", () => {
  it("generates 256-bit keys with the prefix, unique each time", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.key).toMatch(/^sk-tg-v1-[0-9a-f]{64}$/);
    expect(a.key).not.toBe(b.key);
  });

  it("stores the SHA-256 of the key and a label that cannot be used as the key", () => {
    const { key, hash, label } = generateApiKey();
    expect(hash).toBe(createHash("sha256").update(key).digest("hex"));
    expect(hashApiKey(key)).toBe(hash);
    expect(label).toBe(`${API_KEY_PREFIX}${key.slice(9, 12)}...${key.slice(-4)}`);
    expect(label.length).toBeLessThan(25);
    expect(apiKeyLabel(key)).toBe(label);
  });

  it("reads the bearer token only when it is one of ours", () => {
    const { key } = generateApiKey();
    expect(bearerApiKey(`Bearer ${key}`)).toBe(key);
    expect(bearerApiKey(`bearer ${key}`)).toBe(key);
    expect(bearerApiKey("Bearer sk-or-v1-abc")).toBeUndefined();
    expect(bearerApiKey("Basic abc")).toBeUndefined();
    expect(bearerApiKey(null)).toBeUndefined();
  });
});
