import { describe, expect, it } from "vitest";
import { AppError } from "./errors";
import { assertCleanInput, cleanQuery, dataHeader, isUnsafeText, MAX_DEPTH, requiredCleanHeader } from "./clean-input";

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    return (error as AppError).metadata.field;
  }
  return undefined;
};

describe("the edge input check", () => {
  it("tells unsafe text from safe text", () => {
    for (const bad of ["\u0000", "a\u0000", "\uD800", "a\uD800b", "\uDC00", "x\uDBFF", "\uDFFFx"]) expect(isUnsafeText(bad), JSON.stringify(bad)).toBe(true);
    for (const good of ["", "plain", "😀", "a😀b", "\uD83D\uDE00", "é", "\t\n", "\uFFFD"]) expect(isUnsafeText(good), JSON.stringify(good)).toBe(false);
  });

  it("names the first unsafe field, in values and keys, at any depth", () => {
    expect(fieldOf(() => assertCleanInput("body", { user: "a\u0000" }))).toBe("body.user");
    expect(fieldOf(() => assertCleanInput("body", { messages: [{ role: "user", content: [{ text: "ok" }, { text: "\uD800" }] }] }))).toBe("body.messages.0.content.1.text");
    expect(fieldOf(() => assertCleanInput("body", { ["bad\u0000key"]: 1 }))).toBe("body.bad\\u0000key");
    expect(fieldOf(() => assertCleanInput("params", { hash: "x\uDC00" }))).toBe("params.hash");
    expect(fieldOf(() => assertCleanInput("params", { path: ["a", "\u0000"] }))).toBe("params.path.1");
    expect(fieldOf(() => cleanQuery(new URLSearchParams("model=%00&x=1")))).toBe("query.model");
    expect(fieldOf(() => assertCleanInput("body", { a: 1, b: [true, null, "fine", { c: "😀" }] }))).toBeUndefined();
  });

  it("refuses nesting past MAX_DEPTH without recursion", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    expect(fieldOf(() => assertCleanInput("body", deep))).toBe(`body${".0".repeat(MAX_DEPTH)}`);
    let ok: unknown = "x";
    for (let i = 0; i < MAX_DEPTH - 1; i++) ok = { a: ok };
    expect(fieldOf(() => assertCleanInput("body", ok))).toBeUndefined();
  });

  it("drops data headers that are not printable ASCII, refuses such an account header", () => {
    expect(dataHeader("Mozilla/5.0 (X11)")).toBe("Mozilla/5.0 (X11)");
    expect(dataHeader("caf\u00e9")).toBeNull();
    expect(dataHeader("a\u0001b")).toBeNull();
    expect(dataHeader(null)).toBeNull();
    expect(requiredCleanHeader("x-tollgate-account", "acme")).toBe("acme");
    expect(fieldOf(() => requiredCleanHeader("x-tollgate-account", "acm\u00e9"))).toBe("headers.x-tollgate-account");
  });
});
