import { describe, expect, it } from "vitest";
import { createOrganizationSchema, slugSchema, suggestSlug } from "./accounts";
import { signUpSchema } from "./auth";

describe("organization slugs", () => {
  it("accepts lowercase words joined by single hyphens", () => {
    expect(slugSchema.parse("acme-robotics-2")).toBe("acme-robotics-2");
    expect(slugSchema.parse("  ACME ")).toBe("acme");
  });

  it("refuses reserved words, bad characters and bad lengths", () => {
    for (const bad of ["personal", "api", "sign-in", "a", "acme--x", "-acme", "acme_x", "x".repeat(41)]) {
      expect(slugSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("suggests a valid slug from a name", () => {
    expect(suggestSlug("Acme Robotics, Inc.")).toBe("acme-robotics-inc");
    expect(suggestSlug("Café Zürich")).toBe("cafe-zurich");
    expect(slugSchema.safeParse(suggestSlug("My   Team!!")).success).toBe(true);
  });

  it("requires a name", () => {
    expect(createOrganizationSchema.safeParse({ name: " ", slug: "ok-slug" }).success).toBe(false);
  });
});

describe("sign-up input", () => {
  it("normalises the email and demands a long enough password", () => {
    expect(signUpSchema.parse({ name: "A", email: " Ada@Example.COM ", password: "12345678" }).email).toBe("ada@example.com");
    expect(signUpSchema.safeParse({ name: "A", email: "ada@example.com", password: "short" }).success).toBe(false);
    expect(signUpSchema.safeParse({ name: "A", email: "not-an-email", password: "12345678" }).success).toBe(false);
  });
});
