import { Lock } from "lucide-react";
import { EmptyState } from "@/components/ui/card";
import { getPageContext } from "@/lib/auth/page-context";
import { can, type Permission } from "@/lib/authz/permissions";

/** Renders its children only when the caller's role holds the permission (the table decides). */
export async function AreaGate({ segment, permission, children }: { segment: string; permission: Permission; children: React.ReactNode }) {
  const { ctx } = await getPageContext(segment);
  if (!can(ctx.role, permission)) {
    return (
      <EmptyState icon={<Lock className="h-5 w-5" />} title="You don't have access to this area">
        Ask an Admin of {ctx.account.name} if you need it.
      </EmptyState>
    );
  }
  return <>{children}</>;
}
