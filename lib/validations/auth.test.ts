import { describe, expect, it } from "vitest";
import { ssoIdentitySchema } from "./auth";

describe("ssoIdentitySchema", () => {
  it("lower-cases and trims the email, and defaults what a provider may leave out", () => {
    expect(ssoIdentitySchema.parse({ subject: "abc", email: "  Ada.Lovelace@Example.COM " })).toEqual({
      subject: "abc",
      email: "ada.lovelace@example.com",
      emailVerified: false,
      name: null,
    });
  });

  it("treats a missing, empty or null email as none", () => {
    for (const email of [undefined, "", null]) {
      expect(ssoIdentitySchema.parse({ subject: "abc", email }).email).toBeUndefined();
    }
  });

  it("refuses a malformed email and an empty subject", () => {
    expect(ssoIdentitySchema.safeParse({ subject: "abc", email: "not-an-email" }).success).toBe(false);
    expect(ssoIdentitySchema.safeParse({ subject: "", email: "a@example.com" }).success).toBe(false);
  });

  it("trims the name, drops a blank one and cuts a very long one to 100 characters", () => {
    expect(ssoIdentitySchema.parse({ subject: "s", name: "  Ada  " }).name).toBe("Ada");
    expect(ssoIdentitySchema.parse({ subject: "s", name: "   " }).name).toBeNull();
    expect(ssoIdentitySchema.parse({ subject: "s", name: "x".repeat(300) }).name).toHaveLength(100);
  });
});
