import { hashOneTimeToken, newOneTimeToken } from "../../auth/one-time-token";

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

/** A single-use invitation secret; only its hash is stored. */
export function newInvitationToken(): { token: string; tokenHash: string; expiresAt: Date } {
  return newOneTimeToken(INVITATION_TTL_MS);
}

export const hashInvitationToken = hashOneTimeToken;

export type InvitationStatus = "pending" | "expired" | "revoked" | "accepted";

export function invitationStatus(i: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, now = Date.now()): InvitationStatus {
  if (i.acceptedAt) return "accepted";
  if (i.revokedAt) return "revoked";
  return i.expiresAt.getTime() <= now ? "expired" : "pending";
}
