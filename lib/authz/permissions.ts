// THE role -> permission table. The route wrapper and server actions check it on the server;
// the UI imports the same can() only to hide what the server would refuse.
// Adding a role: add it to the Role enum in prisma/schema.prisma and one line to ROLE_PERMISSIONS.
import type { Role } from "../generated/prisma/enums";

export const PERMISSIONS = [
  "account.read", // see the account and its overview
  "account.write", // rename, settings, privacy
  "account.delete",
  "members.read",
  "members.write", // invite, change roles, remove
  "keys.read", // own keys
  "keys.write", // create and manage own keys
  "keys.manage_all", // every key in the account
  "guardrails.read",
  "guardrails.write",
  "billing.read", // credits, ledger
  "billing.write", // the low-balance alert (credits themselves come from the instance operator)
  "activity.read", // own usage
  "activity.read_all", // the whole account's usage
  "activity.export",
  "audit.read", // own audit events
  "audit.read_all",
  "broadcast.read",
  "broadcast.write",
  "settings.write", // provider catalog, instance-wide settings
  "providers.read", // BYOK provider keys (never their secrets)
  "providers.write",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

const MEMBER: readonly Permission[] = [
  "account.read",
  "members.read",
  "keys.read",
  "keys.write",
  "guardrails.read",
  "activity.read",
  "activity.export",
  "audit.read",
];

// Finance: sees the organization's activity, credits and ledger and exports them; changes nothing.
const BILLING: readonly Permission[] = ["account.read", "members.read", "billing.read", "activity.read", "activity.read_all", "activity.export", "audit.read"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMIN: PERMISSIONS,
  MEMBER,
  BILLING,
};

export const ROLE_LABELS: Record<Role, string> = { ADMIN: "Admin", MEMBER: "Member", BILLING: "Billing" };

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return role ? ROLE_PERMISSIONS[role].includes(permission) : false;
}
