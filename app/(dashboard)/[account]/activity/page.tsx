import { Activity } from "lucide-react";
import type { Metadata } from "next";
import { EmptyState, PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";

export const metadata: Metadata = { title: "Activity" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  return (
    <AreaGate segment={account} permission="activity.read">
      <PageHeader title="Activity" description="Spend, requests and tokens over time, grouped by model, API key, member or end user, with CSV and PDF exports." />
      <EmptyState icon={<Activity className="h-5 w-5" />} title="Activity">
        Charts fill in once the gateway meters traffic through your keys.
      </EmptyState>
    </AreaGate>
  );
}
