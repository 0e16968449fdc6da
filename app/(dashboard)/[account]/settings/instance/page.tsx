import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { SignUpPolicyForm } from "@/components/instance/sign-up-policy-form";
import { PasswordResetLinkForm } from "@/components/instance/password-reset-link-form";
import { isMailConfigured } from "@/lib/mail";
import { getPageContext } from "@/lib/auth/page-context";
import { isInstanceAdmin } from "@/lib/authz/instance-admin";
import { accountSegment } from "@/lib/services/context";
import { getSignUpPolicy } from "@/lib/services/instance/sign-up-policy";

export const metadata: Metadata = { title: "Instance" };

/** The operator's settings (instance admin only): who may sign up, and password reset links. */
export default async function InstancePage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  if (!(await isInstanceAdmin(ctx))) notFound();
  const policy = await getSignUpPolicy();
  const segment = accountSegment(ctx.account);
  return (
    <>
      <Link href={`/${segment}/settings`} className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
        <ArrowLeft className="h-4 w-4" /> Settings
      </Link>
      <PageHeader title="Instance" description="Settings of this whole Tollgate, for you as its operator (instance admin)." />
      <div className="space-y-6">
        <SignUpPolicyForm account={segment} initial={{ mode: policy.mode, domains: policy.domains, is_default: policy.isDefault }} />
        <PasswordResetLinkForm account={segment} mailConfigured={isMailConfigured()} />
      </div>
    </>
  );
}
