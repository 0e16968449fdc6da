import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { AcceptInvitation } from "@/components/accounts/accept-invitation";
import { AuthMessage } from "@/components/auth/auth-message";
import { Card } from "@/components/ui/card";
import { AppError } from "@/lib/api/errors";
import { getSessionUserId } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/authz/permissions";
import { formatDate } from "@/lib/format";
import { getInvitationByToken } from "@/lib/services/invitations/get-invitation-by-token";
import { getUser } from "@/lib/services/users/get-user";

export const metadata: Metadata = { title: "Invitation" };

const STATUS_TEXT = {
  expired: "This invitation has expired. Ask an Admin of the organization to resend it.",
  revoked: "This invitation was revoked.",
  accepted: "This invitation was already used.",
} as const;

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  await connection();
  const { token } = await params;
  let invitation;
  try {
    invitation = await getInvitationByToken({ token });
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return <Message title="Invitation not found">{error.message}</Message>;
    throw error;
  }
  if (invitation.status !== "pending") return <Message title="This link no longer works">{STATUS_TEXT[invitation.status]}</Message>;

  const userId = await getSessionUserId();
  const user = userId ? await getUser({ userId }) : null;
  const here = `/invite/${token}`;
  return (
    <Card className="p-6" data-testid="invitation">
      <p className="text-sm text-muted">{invitation.invitedBy ? `${invitation.invitedBy} invited you to join` : "You are invited to join"}</p>
      <h1 className="mt-1 text-xl font-semibold">{invitation.organization.name}</h1>
      <p className="mt-2 text-sm text-muted">
        as <strong className="text-fg">{ROLE_LABELS[invitation.role]}</strong>, for {invitation.email}. The link works once, until{" "}
        {formatDate(invitation.expiresAt)}.
      </p>
      <div className="mt-6">
        {!user ? (
          <div className="space-y-2">
            <Link
              href={`/sign-up?email=${encodeURIComponent(invitation.email)}&invite=${encodeURIComponent(token)}&callbackUrl=${encodeURIComponent(here)}`}
              className="flex h-10 w-full items-center justify-center rounded-md bg-brand-600 text-sm font-medium text-white hover:bg-brand-700"
            >
              Create an account to join
            </Link>
            <Link
              href={`/sign-in?callbackUrl=${encodeURIComponent(here)}`}
              className="flex h-10 w-full items-center justify-center rounded-md border border-border text-sm font-medium hover:bg-black/5 dark:hover:bg-white/5"
            >
              I already have an account
            </Link>
          </div>
        ) : user.email !== invitation.email ? (
          <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-800 dark:bg-amber-500/10 dark:text-amber-200" data-testid="wrong-account">
            You are signed in as {user.email}, but this invitation is for {invitation.email}. Sign out and sign in with the invited email.
          </p>
        ) : (
          <AcceptInvitation token={token} orgName={invitation.organization.name} />
        )}
      </div>
    </Card>
  );
}

function Message({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <AuthMessage title={title} testId="invitation-message" link={{ href: "/", label: "Go to Tollgate" }}>
      {children}
    </AuthMessage>
  );
}
