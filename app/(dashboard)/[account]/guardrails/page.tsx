import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/card";
import { AreaGate } from "@/components/shell/area-gate";
import { EffectivePolicyButton } from "@/components/guardrails/effective-policy";
import { GuardrailsManager } from "@/components/guardrails/guardrails-manager";
import { getPageContext } from "@/lib/auth/page-context";
import { can } from "@/lib/authz/permissions";
import { toGuardrailResponse, toKeyAssignmentResponse, toMemberAssignmentResponse } from "@/lib/api/responses";
import { listGuardrails } from "@/lib/services/guardrails/list-guardrails";
import { listKeyAssignments, listMemberAssignments } from "@/lib/services/guardrails/list-guardrail-assignments";
import { listApiKeys } from "@/lib/services/api-keys/list-api-keys";
import { listMembers } from "@/lib/services/accounts/list-members";
import { listModels } from "@/lib/services/models/list-models";
import { accountSegment } from "@/lib/services/context";

export const metadata: Metadata = { title: "Guardrails" };

export default async function GuardrailsPage({ params }: { params: Promise<{ account: string }> }) {
  const { account } = await params;
  const { ctx, user } = await getPageContext(account);
  if (!can(ctx.role, "guardrails.read")) return <AreaGate segment={account} permission="guardrails.read">{null}</AreaGate>;
  const canWrite = can(ctx.role, "guardrails.write");
  const [{ guardrails }, keyAssignments, memberAssignments, keys, members, models] = await Promise.all([
    listGuardrails({ ctx, input: { limit: 500 } }),
    listKeyAssignments({ ctx, input: { limit: 500 } }),
    listMemberAssignments({ ctx, input: { limit: 500 } }),
    canWrite ? listApiKeys({ ctx, limit: 1000 }) : [],
    canWrite ? listMembers({ ctx, limit: 500 }).then((r) => r.members) : [],
    canWrite ? listModels({}) : [],
  ]);
  const providers = new Map<string, string>();
  for (const m of models) for (const e of m.endpoints) providers.set(e.provider.slug, e.provider.name);
  return (
    <>
      <PageHeader
        title="Guardrails"
        description="Budgets with daily, weekly or monthly resets, model and provider allowlists, and zero data retention: on members (the baseline of all their keys) and on keys. When several apply, the strictest wins."
        actions={<EffectivePolicyButton account={accountSegment(ctx.account)} query={`user_id=${user.id}`} subject="you" />}
      />
      <GuardrailsManager
        account={accountSegment(ctx.account)}
        canWrite={canWrite}
        guardrails={guardrails.map(toGuardrailResponse)}
        models={models.map((m) => ({ value: m.model.slug, label: m.model.name })).sort((a, b) => a.value.localeCompare(b.value))}
        providers={[...providers].map(([value, label]) => ({ value, label })).sort((a, b) => a.value.localeCompare(b.value))}
        keys={keys.filter((k) => k.key.kind === "INFERENCE").map((k) => ({ hash: k.key.hash, name: k.key.name, label: k.key.label, owner: k.key.creator?.email ?? null }))}
        members={members.map((m) => ({ id: m.id, email: m.email, name: m.name }))}
        keyAssignments={keyAssignments.assignments.map(toKeyAssignmentResponse)}
        memberAssignments={memberAssignments.assignments.map(toMemberAssignmentResponse)}
      />
    </>
  );
}
