// Wire shapes (snake_case, USD numbers, ISO timestamps) for our own resources.
import type { Role } from "../generated/prisma/enums";
import { microsToUsd } from "../money";
import { invitationStatus } from "../services/invitations/invitation-token";

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

const stringList = (value: unknown): string[] | null => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : null);

/** A BYOK provider key (API_CONTRACT §6). The secret is never part of it: `label` is "…wxyz". */
export function toByokKeyResponse(k: {
  id: string; accountId: string; provider: string; name: string | null; label: string; disabled: boolean; isFallback: boolean; isRequired: boolean;
  isByokOnly: boolean; sortOrder: number; allowedModels: unknown; allowedApiKeyHashes: unknown; allowedUserIds: unknown; declaredZdr: boolean | null;
  createdAt: Date; updatedAt: Date;
}) {
  return {
    id: k.id,
    provider: k.provider,
    label: k.label,
    name: k.name,
    disabled: k.disabled,
    is_fallback: k.isFallback,
    is_required: k.isRequired,
    is_byok_only: k.isByokOnly,
    sort_order: k.sortOrder,
    allowed_models: stringList(k.allowedModels),
    allowed_api_key_hashes: stringList(k.allowedApiKeyHashes),
    allowed_user_ids: stringList(k.allowedUserIds),
    declared_zdr: k.declaredZdr,
    workspace_id: k.accountId,
    created_at: k.createdAt.toISOString(),
    updated_at: k.updatedAt.toISOString(),
  };
}
