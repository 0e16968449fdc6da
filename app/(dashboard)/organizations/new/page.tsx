import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { CreateOrganizationForm } from "@/components/accounts/create-organization-form";
import { Logo } from "@/components/shell/logo";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Create organization" };

export default async function NewOrganizationPage() {
  await connection();
  await requireUser();
  return (
    <main className="flex min-h-screen flex-col items-center px-4 py-12">
      <Link href="/personal" className="mb-8">
        <Logo size="lg" />
      </Link>
      <div className="w-full max-w-md">
        <CreateOrganizationForm />
      </div>
    </main>
  );
}
