// Wire shapes (snake_case, USD numbers, ISO timestamps) for our own resources.
import type { Role } from "../generated/prisma/enums";
import { microsToUsd } from "../money";
import { invitationStatus } from "../services/invitations/invitation-token";
import { usageAgainstLimit, type KeyUsage } from "../services/api-keys/key-usage";

type Person = { id: string; name: string | null; email: string } | null;
const person = (p: Person) => (p ? { id: p.id, name: p.name, email: p.email } : null);

export const WIRE_ROLE: Record<Role, string> = { ADMIN: "org:admin", MEMBER: "org:member", BILLING: "org:billing" };

export function toInvitationResponse(i: {
  id: string; email: string; role: Role; expiresAt: Date; createdAt: Date; acceptedAt: Date | null; revokedAt: Date | null; sentCount: number;
  invitedBy?: Person;
}) {
  return {
    id: i.id,
    email: i.email,
    role: WIRE_ROLE[i.role],
    status: invitationStatus(i),
    expires_at: i.expiresAt.toISOString(),
    created_at: i.createdAt.toISOString(),
    sent_count: i.sentCount,
    invited_by: person(i.invitedBy ?? null),
  };
}

export function toCreditEntryResponse(e: {
  id: string; kind: string; amountMicros: bigint; balanceAfterMicros: bigint; note: string | null; createdAt: Date; actor?: Person; actorKeyId: string | null;
}) {
  return {
    id: e.id,
    kind: e.kind.toLowerCase(),
    amount: microsToUsd(e.amountMicros),
    balance_after: microsToUsd(e.balanceAfterMicros),
    note: e.note,
    created_at: e.createdAt.toISOString(),
    actor: person(e.actor ?? null),
    actor_key_id: e.actorKeyId,
  };
}

export function toAuditEventResponse(e: {
  id: string; action: string; targetType: string; targetId: string | null; metadata: unknown; createdAt: Date; actor?: Person; actorKeyId: string | null;
}) {
  return {
    id: e.id,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId,
    metadata: e.metadata,
    created_at: e.createdAt.toISOString(),
    actor: person(e.actor ?? null),
    actor_key_id: e.actorKeyId,
  };
}

export function toMemberResponse(m: { id: string; email: string; name: string | null; role: Role; joinedAt?: Date; lastActiveAt?: Date | null }) {
  const [first, ...rest] = (m.name ?? "").trim().split(/\s+/).filter(Boolean);
  return {
    id: m.id,
    email: m.email,
    first_name: first ?? null,
    last_name: rest.length ? rest.join(" ") : null,
    role: WIRE_ROLE[m.role],
    ...(m.joinedAt ? { joined_at: m.joinedAt.toISOString() } : {}),
    ...(m.lastActiveAt !== undefined ? { last_active_at: m.lastActiveAt?.toISOString() ?? null } : {}),
  };
}

type KeyRow = {
  id: string; accountId: string; kind: "INFERENCE" | "MANAGEMENT"; name: string; hash: string; label: string; disabled: boolean;
  limitMicros: bigint | null; limitReset: "DAILY" | "WEEKLY" | "MONTHLY" | null; includeByokInLimit: boolean;
  expiresAt: Date | null; lastUsedAt: Date | null; requestCount: bigint; externalUser: string | null;
  creatorUserId: string | null; createdAt: Date; updatedAt: Date;
  creator?: Person; rotatedFrom?: { hash: string } | null; rotatedTo?: { hash: string } | null;
};

const RESET_WIRE = { DAILY: "daily", WEEKLY: "weekly", MONTHLY: "monthly" } as const;

export function keyStatus(k: Pick<KeyRow, "disabled" | "expiresAt">, now = Date.now()): "active" | "disabled" | "expired" | "expiring" {
  if (k.disabled) return "disabled";
  if (k.expiresAt && k.expiresAt.getTime() <= now) return "expired";
  return k.expiresAt ? "expiring" : "active";
}

function usageFields(usage: KeyUsage) {
  return {
    usage: microsToUsd(usage.usage),
    usage_daily: microsToUsd(usage.daily),
    usage_weekly: microsToUsd(usage.weekly),
    usage_monthly: microsToUsd(usage.monthly),
    byok_usage: microsToUsd(usage.byok),
    byok_usage_daily: microsToUsd(usage.byokDaily),
    byok_usage_weekly: microsToUsd(usage.byokWeekly),
    byok_usage_monthly: microsToUsd(usage.byokMonthly),
  };
}

function limitFields(k: KeyRow, usage: KeyUsage) {
  const spent = usageAgainstLimit(usage, k);
  return {
    limit: k.limitMicros === null ? null : microsToUsd(k.limitMicros),
    limit_remaining: k.limitMicros === null ? null : microsToUsd(k.limitMicros > spent ? k.limitMicros - spent : 0n),
    limit_reset: k.limitReset ? RESET_WIRE[k.limitReset] : null,
    include_byok_in_limit: k.includeByokInLimit,
  };
}

/** The Key object of API_CONTRACT §4, plus Tollgate's own fields (kind, status, rotation, activity). */
export function toKeyResponse({ key: k, usage }: { key: KeyRow; usage: KeyUsage }) {
  return {
    hash: k.hash,
    name: k.name,
    label: k.label,
    disabled: k.disabled,
    ...limitFields(k, usage),
    ...usageFields(usage),
    created_at: k.createdAt.toISOString(),
    updated_at: k.updatedAt.toISOString(),
    creator_user_id: k.creatorUserId,
    external_user: k.externalUser,
    workspace_id: k.accountId,
    expires_at: k.expiresAt ? k.expiresAt.toISOString() : null,
    kind: k.kind === "MANAGEMENT" ? "management" : "inference",
    status: keyStatus(k),
    last_used_at: k.lastUsedAt ? k.lastUsedAt.toISOString() : null,
    request_count: Number(k.requestCount),
    rotated_from_hash: k.rotatedFrom?.hash ?? null,
    rotated_to_hash: k.rotatedTo?.hash ?? null,
    creator: person(k.creator ?? null),
  };
}

/** GET /key (API_CONTRACT §4 CurrentKey): the calling key, without hash/name/disabled. */
export function toCurrentKeyResponse({ key: k, usage }: { key: KeyRow & { account: { type: string } } ; usage: KeyUsage }) {
  const isManagement = k.kind === "MANAGEMENT";
  return {
    label: k.label,
    ...limitFields(k, usage),
    ...usageFields(usage),
    is_free_tier: false,
    is_management_key: isManagement,
    is_provisioning_key: isManagement,
    allowed_data_regions: ["global"],
    free_model_daily_requests: { limit: 0, remaining: 0, used: 0 },
    rate_limit: { interval: "10s", note: "Tollgate does not rate-limit keys; guardrails and limits apply.", requests: -1 },
    creator_user_id: k.creatorUserId,
    organization_id: k.account.type === "ORGANIZATION" ? k.accountId : null,
    workspace_id: k.accountId,
    expires_at: k.expiresAt ? k.expiresAt.toISOString() : null,
  };
}
