import { Radio } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";

export const metadata: Metadata = { title: "Broadcast" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  return (
    <AreaGate segment={account} permission="broadcast.read">
      <PageHeader title="Broadcast" description="Send every request trace to Datadog, Langfuse, LangSmith, Braintrust, OpenTelemetry, S3 or a webhook." />
      <EmptyState icon={<Radio className="h-5 w-5" />} title="Broadcast">
        No destinations configured.
      </EmptyState>
    </AreaGate>
  );
}
