import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { connection } from "next/server";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getSessionUserId } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Create your account" };

export default async function SignUpPage() {
  await connection();
  if (await getSessionUserId()) redirect("/personal");
  return <SignUpForm />;
}
