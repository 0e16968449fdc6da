import { ShieldCheck } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";

export const metadata: Metadata = { title: "Guardrails" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  return (
    <AreaGate segment={account} permission="guardrails.read">
      <PageHeader title="Guardrails" description="Budgets with daily, weekly or monthly resets, model and provider allowlists, and zero data retention: on members and on keys, strictest wins." />
      <EmptyState icon={<ShieldCheck className="h-5 w-5" />} title="Guardrails">
        No guardrails yet.
      </EmptyState>
    </AreaGate>
  );
}
