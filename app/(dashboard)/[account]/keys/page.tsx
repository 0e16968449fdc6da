import { KeyRound } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";

export const metadata: Metadata = { title: "API Keys" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  return (
    <AreaGate segment={account} permission="keys.read">
      <PageHeader title="API Keys" description="Inference keys call the gateway; management keys call the provisioning API." />
      <EmptyState icon={<KeyRound className="h-5 w-5" />} title="API keys">
        Key creation, rotation and bring-your-own provider keys are being built next.
      </EmptyState>
    </AreaGate>
  );
}
