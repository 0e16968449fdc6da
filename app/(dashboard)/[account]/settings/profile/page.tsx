import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PageHeader } from "@/components/ui/card";
import { ChangePasswordForm, ProfileForm } from "@/components/profile/profile-forms";
import { SessionsList } from "@/components/profile/sessions-list";
import { getPageContext } from "@/lib/auth/page-context";
import { PERSONAL_SEGMENT } from "@/lib/services/context";
import { getProfile } from "@/lib/services/users/profile";

export const metadata: Metadata = { title: "Your profile" };

/** The signed-in person's own settings: name, password, sessions. They are not an account's, so they live under /personal. */
export default async function ProfilePage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  if (account !== PERSONAL_SEGMENT) redirect(`/${PERSONAL_SEGMENT}/settings/profile`);
  const { user } = await getPageContext(account);
  const profile = await getProfile({ ctx: { userId: user.id } });
  return (
    <>
      <PageHeader title="Your profile" description="Your name, your password, and where you are signed in." />
      <div className="space-y-6">
        <ProfileForm name={profile.name} email={profile.email} />
        <ChangePasswordForm hasPassword={profile.hasPassword} />
        <SessionsList />
      </div>
    </>
  );
}
