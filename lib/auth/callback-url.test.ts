import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

const isLocalPath = (p: string) => p.startsWith("/") && !p.startsWith("//") && !p.startsWith("/\\") && new URL(p, "http://tollgate.invalid").origin === "http://tollgate.invalid";

describe("callback URLs", () => {
  it("keeps same-site paths", () => {
    expect(safeCallbackUrl("/invite/abc?x=1")).toBe("/invite/abc?x=1");
    expect(safeCallbackUrl("/acme/keys")).toBe("/acme/keys");
    expect(safeCallbackUrl(undefined)).toBe("/personal");
    expect(safeCallbackUrl("")).toBe("/personal");
  });

  it("refuses other sites, protocol-relative URLs and scripts", () => {
    expect(safeCallbackUrl("https://evil.example/steal")).toBe("/personal");
    expect(safeCallbackUrl("//evil.example/x")).toBe("/personal");
    expect(safeCallbackUrl("javascript:alert(1)")).toBe("/personal");
  });

  it("never yields a protocol-relative or backslash path, whatever the disguise", () => {
    const hostile = [
      "/.//evil.example",
      "/./\\evil.example",
      "/..//evil.example",
      "/../..//evil.example/x?y=1",
      "/a/../..//evil.example",
      "///evil.example",
      "////evil.example",
      "/\\evil.example",
      "\\\\evil.example",
      "\\/evil.example",
      "/\\/evil.example",
      "/%2F/evil.example",
      "/%2e/%2e//evil.example",
      "/%2e%2e//evil.example",
      "/.%2e//evil.example",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      " //evil.example",
      "/ /evil.example",
      "http:evil.example",
      "http:/evil.example",
      "https:\\\\evil.example",
      "HTTPS://evil.example",
      "\u0000//evil.example",
      "/././/evil.example",
      "/.\\\\evil.example",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox",
      "//@evil.example",
      "/@evil.example",
    ];
    for (const url of hostile) {
      const safe = safeCallbackUrl(url);
      expect(isLocalPath(safe), `${JSON.stringify(url)} -> ${safe}`).toBe(true);
      expect(safe, JSON.stringify(url)).not.toMatch(/^[/\\]{2}/);
      expect(new URL(safe, "http://app.local").host, JSON.stringify(url)).toBe("app.local");
    }
  });

  it("folds a disguised path into the plain local path", () => {
    expect(safeCallbackUrl("/.//evil.example")).toBe("/evil.example");
    expect(safeCallbackUrl("/..//x")).toBe("/x");
    expect(safeCallbackUrl("/./\\x?y=1")).toBe("/x?y=1");
    expect(safeCallbackUrl("/a/./b/../c")).toBe("/a/c");
  });
});
