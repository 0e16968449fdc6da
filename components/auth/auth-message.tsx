import Link from "next/link";
import { Card } from "@/components/ui/card";

/** A card on the auth pages that explains something and links on (no form). */
export function AuthMessage({ title, testId, link, children }: { title: string; testId: string; link: { href: string; label: string }; children: React.ReactNode }) {
  return (
    <Card className="p-6">
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="mt-2 text-sm text-muted" data-testid={testId}>
        {children}
      </p>
      <Link href={link.href} className="mt-6 inline-block text-sm font-medium text-brand-600 hover:underline">
        {link.label}
      </Link>
    </Card>
  );
}

/** The form-level error of the auth forms (what no single field explains). */
export function FormError({ message }: { message?: string }) {
  return message ? (
    <p data-testid="form-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 dark:bg-red-500/10 dark:text-red-300">
      {message}
    </p>
  ) : null;
}
