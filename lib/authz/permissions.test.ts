import { describe, expect, it } from "vitest";
import { can, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from "./permissions";

// The expected matrix, written out independently of the table under test.
const MEMBER_MAY = new Set<Permission>([
  "account.read",
  "members.read",
  "keys.read",
  "keys.write",
  "guardrails.read",
  "activity.read",
  "activity.export",
  "audit.read",
]);

const BILLING_MAY = new Set<Permission>([
  "account.read",
  "members.read",
  "billing.read",
  "activity.read",
  "activity.read_all",
  "activity.export",
  "audit.read",
]);

describe("permission table", () => {
  for (const permission of PERMISSIONS) {
    it(`Billing ${BILLING_MAY.has(permission) ? "may" : "may not"} ${permission}`, () =>
      expect(can("BILLING", permission)).toBe(BILLING_MAY.has(permission)));
    it(`Admin may ${permission}`, () => expect(can("ADMIN", permission)).toBe(true));
    it(`Member ${MEMBER_MAY.has(permission) ? "may" : "may not"} ${permission}`, () =>
      expect(can("MEMBER", permission)).toBe(MEMBER_MAY.has(permission)));
  }

  it("Members cannot manage members, guardrails, credits, broadcast or other members' keys", () => {
    for (const p of ["members.write", "guardrails.write", "billing.write", "broadcast.write", "keys.manage_all", "account.delete"] as const) {
      expect(can("MEMBER", p)).toBe(false);
    }
  });

  it("Billing changes nothing: it holds no write, manage or delete permission", () => {
    expect(ROLE_PERMISSIONS.BILLING.filter((p) => /write|manage|delete/.test(p))).toEqual([]);
  });

  it("no role means no permission", () => {
    expect(can(undefined, "account.read")).toBe(false);
    expect(can(null, "account.read")).toBe(false);
  });

  it("every role lists only known permissions, without duplicates", () => {
    for (const perms of Object.values(ROLE_PERMISSIONS)) {
      expect(perms.every((p) => PERMISSIONS.includes(p))).toBe(true);
      expect(new Set(perms).size).toBe(perms.length);
    }
  });
});
