import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";
import { BroadcastManager } from "@/components/broadcast/broadcast-manager";
import { toDestinationResponse } from "@/lib/api/broadcast-responses";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import { listApiKeys } from "@/lib/services/api-keys/list-api-keys";
import { listDestinations } from "@/lib/services/broadcast/list-destinations";
import { summarizeDeliveries } from "@/lib/services/broadcast/summarize-deliveries";
import { accountSegment } from "@/lib/services/context";

export const metadata: Metadata = { title: "Broadcast" };

export default async function Page({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx } = await getPageContext(account);
  if (!can(ctx.role, "broadcast.read")) return <AreaGate segment={account} permission="broadcast.read">{null}</AreaGate>;
  const [{ destinations }, summaries, keys] = await Promise.all([listDestinations({ ctx, input: { limit: 500 } }), summarizeDeliveries({ ctx }), listApiKeys({ ctx, includeDisabled: true, limit: 500 })]);
  return (
    <>
      <PageHeader
        title="Broadcast"
        description="Send every request's trace to Datadog, Langfuse, LangSmith, Braintrust, an OpenTelemetry Collector, S3 or a webhook, without instrumenting your code. Traces leave from a durable outbox, with retries."
      />
      <BroadcastManager
        account={accountSegment(ctx.account)}
        canManage={can(ctx.role, "broadcast.write")}
        destinations={destinations.map((d) => ({ ...toDestinationResponse(d), summary: summaries.get(d.id) ?? { delivered: 0, retrying: 0, pending: 0, failed: 0, lastError: null } }))}
        apiKeys={keys.filter(({ key }) => key.kind === "INFERENCE").map(({ key }) => ({ hash: key.hash, name: key.name, label: key.label }))}
      />
    </>
  );
}
