// Sign-up must not tell who is registered: a taken email gets the same answer as a new one, and
// changes nothing about the existing account.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createUser } from "@/prisma/factories";
import { verifyPassword } from "@/lib/auth/password";
import { signUpAction } from "./actions";

describe("signUpAction", () => {
  it("answers a taken email exactly like a new one and leaves the account alone", async () => {
    const existing = await createUser({ name: "Owner" });
    const fresh = await signUpAction({ name: "New", email: `fresh-${existing.id}@example.com`, password: "a long password" });
    const taken = await signUpAction({ name: "Intruder", email: existing.email.toUpperCase(), password: "another long password" });
    expect(fresh).toEqual({ data: { ok: true } });
    expect(taken).toEqual(fresh);
    const client = await db();
    const rows = await client.user.findMany({ where: { email: existing.email }, omit: { passwordHash: false } });
    expect(rows).toHaveLength(1);
    expect(rows[0].name).toBe("Owner");
    expect(await verifyPassword(rows[0].passwordHash!, "another long password")).toBe(false);
  });

  it("still explains bad input", async () => {
    const result = await signUpAction({ name: "x", email: "not an email", password: "short" });
    expect(result.error?.code).toBe(400);
  });
});
