import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, secretHint } from "./secret-box";

const key = randomBytes(32);

describe("secret box (AES-256-GCM)", () => {
  it("round-trips and never stores the plaintext", () => {
    const stored = encryptSecret("sk-live-abcdef123456", "byok:acct1", key);
    expect(stored).not.toContain("sk-live");
    expect(Buffer.from(stored, "base64").toString("utf8")).not.toContain("abcdef");
    expect(decryptSecret(stored, "byok:acct1", key)).toBe("sk-live-abcdef123456");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptSecret("same", "x", key)).not.toBe(encryptSecret("same", "x", key));
  });

  it("refuses tampering, the wrong key and the wrong associated data", () => {
    const stored = encryptSecret("secret", "byok:a", key);
    const raw = Buffer.from(stored, "base64");
    raw[raw.length - 1] ^= 1;
    expect(() => decryptSecret(raw.toString("base64"), "byok:a", key)).toThrow();
    expect(() => decryptSecret(stored, "byok:a", randomBytes(32))).toThrow();
    expect(() => decryptSecret(stored, "byok:b", key)).toThrow();
  });

  it("shows only the last four characters", () => {
    expect(secretHint("sk-proj-1234567890wxyz")).toBe("…wxyz");
    expect(secretHint("12345678")).toBe("…5678");
  });

  it("never shows a short secret whole", () => {
    expect(secretHint("abcdef")).toBe("…def");
    expect(secretHint("abcd")).toBe("…cd");
    expect(secretHint("a")).toBe("…");
  });
});
