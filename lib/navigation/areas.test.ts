import { describe, expect, it } from "vitest";
import { AREAS, areaPathOf, switchAccountPath } from "./areas";

describe("account switching keeps the area", () => {
  it("maps the same area into the other account", () => {
    expect(switchAccountPath("/acme/keys", "personal")).toBe("/personal/keys");
    expect(switchAccountPath("/personal/members", "acme")).toBe("/acme/members");
    expect(switchAccountPath("/acme", "personal")).toBe("/personal");
  });

  it("drops what is specific to one account (an object id)", () => {
    expect(switchAccountPath("/acme/keys/abc123", "beta")).toBe("/beta/keys");
  });

  it("falls back to the overview for unknown paths", () => {
    expect(areaPathOf("/acme/unknown")).toBe("");
    expect(switchAccountPath("/acme/unknown", "personal")).toBe("/personal");
  });

  it("lists the areas in order", () => {
    expect(AREAS.map((a) => a.label)).toEqual(["Overview", "Activity", "Logs", "Uptime", "API Keys", "Guardrails", "Members", "Credits", "Audit log", "Broadcast", "Settings"]);
  });
});
