"use client";

import { useMutation } from "@tanstack/react-query";
import { LogOut, MailPlus, RotateCw, Trash2, UserMinus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { EffectivePolicyButton } from "@/components/guardrails/effective-policy";
import { apiFetch, ApiError } from "@/components/api-client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CopyField } from "@/components/ui/copy-field";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Badge, Table, TBody, TD, TH, THead } from "@/components/ui/table";

export type MemberRow = { id: string; name: string | null; email: string; role: Role; joinedAt: string; lastActive: string };
export type InvitationRow = { id: string; email: string; role: Role; status: string; expiresAt: string; invitedBy: string | null };
type Role = "ADMIN" | "MEMBER" | "BILLING";

const ROLE_OPTIONS: { value: Role; label: string; hint: string }[] = [
  { value: "MEMBER", label: "Member", hint: "Creates and manages their own API keys; sees their own usage." },
  { value: "BILLING", label: "Billing", hint: "Read-only: organization-wide activity, credits and ledger, and exports." },
  { value: "ADMIN", label: "Admin", hint: "Manages everything: members, keys, guardrails, credits, broadcast." },
];
const ROLE_LABEL: Record<Role, string> = { ADMIN: "Admin", MEMBER: "Member", BILLING: "Billing" };

function errorMessage(error: unknown) {
  return error instanceof ApiError ? error.message : "Something went wrong. Try again.";
}

export function MembersManager({
  account,
  currentUserId,
  canManage,
  members,
  invitations,
}: {
  account: string;
  currentUserId: string;
  canManage: boolean;
  members: MemberRow[];
  invitations: InvitationRow[];
}) {
  const router = useRouter();
  const [inviteOpen, setInviteOpen] = useState(false);
  const [link, setLink] = useState<{ url: string; emailed: boolean; email: string } | null>(null);

  const mutate = useMutation({
    mutationFn: (args: { path: string; method: string; body?: unknown }) => apiFetch<Record<string, unknown>>(account, args.path, args),
    onError: (error) => toast.error(errorMessage(error)),
  });

  async function run(path: string, method: string, body: unknown, success: string) {
    const result = await mutate.mutateAsync({ path, method, body }).catch(() => null);
    if (result) {
      toast.success(success);
      router.refresh();
    }
    return result;
  }

  return (
    <div className="space-y-8">
      <Card className="overflow-x-auto">
        <div className="flex items-center justify-between gap-4 border-b border-border px-4 py-3">
          <h2 className="font-semibold">Members</h2>
          {canManage ? (
            <Button size="sm" onClick={() => { setLink(null); setInviteOpen(true); }} data-testid="invite-open">
              <MailPlus className="h-4 w-4" /> Invite
            </Button>
          ) : null}
        </div>
        <Table data-testid="members-table">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Email</TH>
              <TH>Role</TH>
              <TH>Joined</TH>
              <TH>Last active</TH>
              <TH className="text-right">
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {members.map((m) => {
              const isMe = m.id === currentUserId;
              return (
                <tr key={m.id} data-testid={`member-${m.email}`}>
                  <TD className="font-medium">
                    {m.name ?? "—"} {isMe ? <span className="text-xs font-normal text-muted">(you)</span> : null}
                  </TD>
                  <TD className="text-muted">{m.email}</TD>
                  <TD>
                    {canManage ? (
                      <Select
                        aria-label={`Role of ${m.email}`}
                        value={m.role}
                        className="h-8 py-0"
                        disabled={mutate.isPending}
                        onChange={(e) => run(`/organization/members/${m.id}`, "PATCH", { role: e.target.value }, `${m.email} is now ${ROLE_LABEL[e.target.value as Role]}.`)}
                      >
                        {ROLE_OPTIONS.map((r) => (
                          <option key={r.value} value={r.value}>
                            {r.label}
                          </option>
                        ))}
                      </Select>
                    ) : (
                      <Badge tone="brand">{ROLE_LABEL[m.role]}</Badge>
                    )}
                  </TD>
                  <TD className="text-muted">{m.joinedAt}</TD>
                  <TD className="text-muted">{m.lastActive}</TD>
                  <TD className="whitespace-nowrap text-right">
                    {canManage || isMe ? <EffectivePolicyButton account={account} query={`user_id=${m.id}`} subject={m.email} /> : null}
                    {isMe ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        data-testid="leave-organization"
                        onClick={async () => {
                          if (!confirm("Leave this organization? Your API keys here will be disabled.")) return;
                          if (await run(`/organization/members/${m.id}`, "DELETE", undefined, "You left the organization.")) router.push("/personal");
                        }}
                      >
                        <LogOut className="h-4 w-4" /> Leave
                      </Button>
                    ) : canManage ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Remove ${m.email}`}
                        onClick={() => confirm(`Remove ${m.email} from the organization? Their API keys here will be disabled.`) && run(`/organization/members/${m.id}`, "DELETE", undefined, `${m.email} was removed.`)}
                      >
                        <UserMinus className="h-4 w-4" /> Remove
                      </Button>
                    ) : null}
                  </TD>
                </tr>
              );
            })}
          </TBody>
        </Table>
      </Card>

      {canManage ? (
        <Card className="overflow-x-auto">
          <div className="border-b border-border px-4 py-3">
            <h2 className="font-semibold">Pending invitations</h2>
          </div>
          {invitations.length === 0 ? (
            <p className="px-4 py-6 text-sm text-muted">No pending invitations.</p>
          ) : (
            <Table data-testid="invitations-table">
              <THead>
                <tr>
                  <TH>Email</TH>
                  <TH>Role</TH>
                  <TH>Status</TH>
                  <TH>Invited by</TH>
                  <TH className="text-right">
                    <span className="sr-only">Actions</span>
                  </TH>
                </tr>
              </THead>
              <TBody>
                {invitations.map((i) => (
                  <tr key={i.id} data-testid={`invitation-${i.email}`}>
                    <TD className="font-medium">{i.email}</TD>
                    <TD>{ROLE_LABEL[i.role]}</TD>
                    <TD>
                      <Badge tone={i.status === "pending" ? "amber" : "red"}>{i.status === "pending" ? `Expires ${i.expiresAt}` : "Expired"}</Badge>
                    </TD>
                    <TD className="text-muted">{i.invitedBy ?? "—"}</TD>
                    <TD className="space-x-1 whitespace-nowrap text-right">
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={async () => {
                          const result = await run(`/organization/invitations/${i.id}/resend`, "POST", undefined, "A new link was created.");
                          if (result) {
                            setLink({ url: String(result.url), emailed: Boolean(result.emailed), email: i.email });
                            setInviteOpen(true);
                          }
                        }}
                      >
                        <RotateCw className="h-4 w-4" /> Resend
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => run(`/organization/invitations/${i.id}/revoke`, "POST", undefined, "Invitation revoked.")}>
                        <Trash2 className="h-4 w-4" /> Revoke
                      </Button>
                    </TD>
                  </tr>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      ) : null}

      <Dialog
        open={inviteOpen}
        onOpenChange={setInviteOpen}
        title={link ? "Invitation ready" : "Invite a member"}
        description={link ? undefined : "They get a single-use link, valid for 7 days."}
      >
        {link ? (
          <div className="space-y-3">
            <p className="text-sm text-muted">
              {link.emailed ? `We emailed the link to ${link.email}. You can also copy it:` : `Send this link to ${link.email}. It is shown only now and works once.`}
            </p>
            <CopyField value={link.url} testId="invite-link" />
            <div className="flex justify-end">
              <Button variant="secondary" onClick={() => setInviteOpen(false)}>
                Done
              </Button>
            </div>
          </div>
        ) : (
          <InviteForm
            pending={mutate.isPending}
            onSubmit={async (email, role) => {
              let result: Record<string, unknown>;
              try {
                result = await apiFetch<Record<string, unknown>>(account, "/organization/invitations", { method: "POST", body: { email, role } });
              } catch (error) {
                return errorMessage(error);
              }
              setLink({ url: String(result.url), emailed: Boolean(result.emailed), email });
              router.refresh();
              return null;
            }}
          />
        )}
      </Dialog>
    </div>
  );
}

function InviteForm({ pending, onSubmit }: { pending: boolean; onSubmit: (email: string, role: Role) => Promise<string | null> }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("MEMBER");
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="space-y-4"
      onSubmit={async (e) => {
        e.preventDefault();
        setError(await onSubmit(email, role));
      }}
    >
      <Field label="Email" htmlFor="invite-email" error={error ?? undefined}>
        <Input id="invite-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus required />
      </Field>
      <Field label="Role" htmlFor="invite-role" hint={ROLE_OPTIONS.find((r) => r.value === role)?.hint}>
        <Select id="invite-role" value={role} onChange={(e) => setRole(e.target.value as Role)} className="w-full">
          {ROLE_OPTIONS.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </Select>
      </Field>
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Inviting…" : "Create invitation"}
        </Button>
      </div>
    </form>
  );
}
