import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./callback-url";

describe("callback URLs", () => {
  it("keeps same-site paths", () => {
    expect(safeCallbackUrl("/invite/abc?x=1")).toBe("/invite/abc?x=1");
    expect(safeCallbackUrl(undefined)).toBe("/personal");
  });
  it("refuses other sites, protocol-relative URLs and scripts", () => {
    expect(safeCallbackUrl("https://evil.example/steal")).toBe("/personal");
    expect(safeCallbackUrl("//evil.example/x")).toBe("/personal");
    expect(safeCallbackUrl("javascript:alert(1)")).toBe("/personal");
  });
});
