// The dashboard's areas, in navigation order. Each names the permission that shows it.
import type { Permission } from "../authz/permissions";

export type AreaId = "overview" | "activity" | "logs" | "uptime" | "keys" | "guardrails" | "members" | "credits" | "audit" | "broadcast" | "settings";

export type Area = { id: AreaId; label: string; path: string; permission: Permission; orgOnly?: boolean };

export const AREAS: readonly Area[] = [
  { id: "overview", label: "Overview", path: "", permission: "account.read" },
  { id: "activity", label: "Activity", path: "activity", permission: "activity.read" },
  { id: "logs", label: "Logs", path: "logs", permission: "activity.read" },
  { id: "uptime", label: "Uptime", path: "uptime", permission: "account.read" },
  { id: "keys", label: "API Keys", path: "keys", permission: "keys.read" },
  { id: "guardrails", label: "Guardrails", path: "guardrails", permission: "guardrails.read" },
  { id: "members", label: "Members", path: "members", permission: "members.read", orgOnly: true },
  { id: "credits", label: "Credits", path: "credits", permission: "billing.read" },
  { id: "audit", label: "Audit log", path: "audit", permission: "audit.read" },
  { id: "broadcast", label: "Broadcast", path: "broadcast", permission: "broadcast.read" },
  { id: "settings", label: "Settings", path: "settings", permission: "account.read" },
];

/** "/acme/keys/abc" -> "keys": the area a dashboard path is in ("" for the overview). */
export function areaPathOf(pathname: string): string {
  const [, , area = ""] = pathname.split("/");
  return AREAS.some((a) => a.path === area) ? area : "";
}

/** The same area in another account: switching keeps you where you were. */
export function switchAccountPath(pathname: string, targetSegment: string): string {
  const area = areaPathOf(pathname);
  return area ? `/${targetSegment}/${area}` : `/${targetSegment}`;
}
