import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/card";
import { PrivacySettingsForm } from "@/components/settings/privacy-settings-form";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import { accountSegment } from "@/lib/services/context";
import { getPrivacySettings } from "@/lib/services/privacy/get-privacy-settings";

export const metadata: Metadata = { title: "Privacy" };

export default async function PrivacyPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  const settings = await getPrivacySettings({ ctx });
  const segment = accountSegment(ctx.account);
  return (
    <>
      <Link href={`/${segment}/settings`} className="mb-3 inline-flex items-center gap-1 text-sm text-muted hover:text-fg">
        <ArrowLeft className="h-4 w-4" /> Settings
      </Link>
      <PageHeader title="Privacy" description={`Where ${ctx.account.type === "ORGANIZATION" ? ctx.account.name : "your personal account"}'s requests may go, and what Tollgate keeps of them.`} />
      <PrivacySettingsForm
        account={segment}
        initial={{ zdr_only: settings.zdrOnly, prompt_logging: settings.promptLogging }}
        canEdit={can(ctx.role, "account.write")}
      />
    </>
  );
}
