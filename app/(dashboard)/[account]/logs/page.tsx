import { ScrollText } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";

export const metadata: Metadata = { title: "Logs" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  return (
    <AreaGate segment={account} permission="activity.read">
      <PageHeader title="Logs" description="Every generation, newest first, with the timing of each provider attempt." />
      <EmptyState icon={<ScrollText className="h-5 w-5" />} title="Logs">
        Requests appear here as soon as an API key calls the gateway.
      </EmptyState>
    </AreaGate>
  );
}
