import { describe, expect, it } from "vitest";
import { signUpPolicySchema } from "./instance";

describe("signUpPolicySchema", () => {
  it("lower-cases, trims and de-duplicates domains", () => {
    expect(signUpPolicySchema.parse({ mode: "domains", domains: [" Acme.COM ", "acme.com", "xn--bcher-kva.example"] })).toEqual({
      mode: "domains",
      domains: ["acme.com", "xn--bcher-kva.example"],
    });
  });

  it("needs a domain for the domains mode, and defaults the list", () => {
    expect(signUpPolicySchema.safeParse({ mode: "domains" }).success).toBe(false);
    expect(signUpPolicySchema.parse({ mode: "invite_only" })).toEqual({ mode: "invite_only", domains: [] });
  });

  it("refuses what is not a domain, and unknown modes", () => {
    for (const domain of ["acme", "@acme.com", "user@acme.com", "acme..com", "-acme.com", "acme.com.", "*.acme.com", "a b.com"]) {
      expect(signUpPolicySchema.safeParse({ mode: "domains", domains: [domain] }).success, domain).toBe(false);
    }
    expect(signUpPolicySchema.safeParse({ mode: "closed" }).success).toBe(false);
  });
});
