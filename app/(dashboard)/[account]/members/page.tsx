import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";
import { MembersManager } from "@/components/members/members-manager";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import { formatDate, formatRelative } from "@/lib/format";
import { listMembers } from "@/lib/services/accounts/list-members";
import { listInvitations } from "@/lib/services/invitations/list-invitations";
import { invitationStatus } from "@/lib/services/invitations/invitation-token";
import { accountSegment } from "@/lib/services/context";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx, user } = await getPageContext(account);
  if (!can(ctx.role, "members.read")) return <AreaGate segment={account} permission="members.read">{null}</AreaGate>;
  const canManage = can(ctx.role, "members.write");
  const [{ members, total }, invitations] = await Promise.all([listMembers({ ctx, limit: 500 }), canManage ? listInvitations({ ctx }) : []]);
  return (
    <>
      <PageHeader title="Members" description={`${total} member${total === 1 ? "" : "s"} of ${ctx.account.name}.`} />
      <MembersManager
        account={accountSegment(ctx.account)}
        currentUserId={user.id}
        canManage={canManage}
        members={members.map((m) => ({
          id: m.id,
          name: m.name,
          email: m.email,
          role: m.role,
          joinedAt: formatDate(m.joinedAt),
          lastActive: m.lastActiveAt ? formatRelative(m.lastActiveAt) : "Never",
        }))}
        invitations={invitations.map((i) => ({
          id: i.id,
          email: i.email,
          role: i.role,
          status: invitationStatus(i),
          expiresAt: formatDate(i.expiresAt),
          invitedBy: i.invitedBy?.name ?? i.invitedBy?.email ?? null,
        }))}
      />
    </>
  );
}
