export type KeyView = {
  hash: string;
  name: string;
  label: string;
  disabled: boolean;
  limit: number | null;
  limit_remaining: number | null;
  limit_reset: "daily" | "weekly" | "monthly" | null;
  include_byok_in_limit: boolean;
  usage_daily: number;
  usage_weekly: number;
  usage_monthly: number;
  expires_at: string | null;
  created_at: string;
  kind: "inference" | "management";
  status: "active" | "disabled" | "expired" | "expiring";
  last_used_at: string | null;
  request_count: number;
  rotated_from_hash: string | null;
  rotated_to_hash: string | null;
  creator_user_id: string | null;
  creator: { id: string; name: string | null; email: string } | null;
};

export const usd = (n: number | null) =>
  n === null ? "—" : new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: n !== 0 && Math.abs(n) < 0.01 ? 6 : 2 }).format(n);

export function ago(iso: string | null, now = Date.now()): string {
  if (!iso) return "Never";
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 5) return "just now";
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86400)}d ago`;
}
