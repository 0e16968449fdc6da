import { Logo } from "@/components/shell/logo";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-bg px-4 py-12 dark:from-brand-500/5">
      <div className="mb-8">
        <Logo size="lg" />
      </div>
      <div className="w-full max-w-sm">{children}</div>
      <p className="mt-10 max-w-sm text-center text-xs text-muted">
        Tollgate is the control plane and gateway for your LLM traffic: keys, budgets, routing and usage, on your own servers.
      </p>
    </main>
  );
}
