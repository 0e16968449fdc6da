import Link from "next/link";
import { Logo } from "@/components/shell/logo";

export default function NotFound() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4 px-4 text-center">
      <Logo size="lg" />
      <h1 className="text-xl font-semibold">Page not found</h1>
      <p className="max-w-sm text-sm text-muted">This page does not exist, or it belongs to an account you are not a member of.</p>
      <Link href="/personal" className="text-sm font-medium text-brand-600 hover:underline">
        Go to your dashboard
      </Link>
    </main>
  );
}
