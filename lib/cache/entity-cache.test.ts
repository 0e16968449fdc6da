import { afterEach, describe, expect, it, vi } from "vitest";
import { applyChanges, isEntityChange, publishChanges, setChangeSink, subscribeCache, type EntityChange } from "./entity-cache";

afterEach(() => setChangeSink(undefined));

describe("entity cache subscriptions", () => {
  it("tells each cache only the kinds it subscribed to, and a failing cache does not stop the others", () => {
    const keys: EntityChange[] = [];
    const catalog: EntityChange[] = [];
    subscribeCache("test-keys", ["api_key", "membership"], (c) => keys.push(c));
    subscribeCache("test-broken", ["api_key"], () => {
      throw new Error("boom");
    });
    subscribeCache("test-catalog", ["catalog"], (c) => catalog.push(c));
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    applyChanges([{ kind: "api_key", id: "k1" }, { kind: "catalog" }, { kind: "guardrail", accountId: "a" }]);
    expect(keys).toEqual([{ kind: "api_key", id: "k1" }]);
    expect(catalog).toEqual([{ kind: "catalog" }]);
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it("re-subscribing under a name replaces the earlier subscriber (a module loaded twice)", () => {
    const first = vi.fn();
    const second = vi.fn();
    subscribeCache("test-twice", ["byok"], first);
    subscribeCache("test-twice", ["byok"], second);
    applyChanges([{ kind: "byok", accountId: "a" }]);
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledOnce();
  });

  it("publishes to this process and then to the sink (the other instances); nothing for no changes", () => {
    const local = vi.fn();
    const sink = vi.fn();
    subscribeCache("test-publish", ["destination"], local);
    setChangeSink(sink);
    publishChanges([]);
    expect(sink).not.toHaveBeenCalled();
    publishChanges([{ kind: "destination", accountId: "a" }]);
    expect(local).toHaveBeenCalledWith({ kind: "destination", accountId: "a" });
    expect(sink).toHaveBeenCalledWith([{ kind: "destination", accountId: "a" }]);
  });

  it("accepts only well-formed changes from a notification", () => {
    expect(isEntityChange({ kind: "membership", accountId: "a", userId: "u" })).toBe(true);
    expect(isEntityChange({ kind: "nope" })).toBe(false);
    expect(isEntityChange({ kind: "api_key", id: 42 })).toBe(false);
    expect(isEntityChange(null)).toBe(false);
    expect(isEntityChange("api_key")).toBe(false);
  });
});
