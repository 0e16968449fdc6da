// GET /api/v1/organization – the current organization
// PATCH /api/v1/organization – rename it (Admins)
// DELETE /api/v1/organization – delete it with everything it owns; body { confirm_name } (Admins)
import { notFound } from "@/lib/api/errors";
import { route } from "@/lib/api/handler";
import { renameOrganizationSchema } from "@/lib/validations/accounts";
import { deleteOrganizationSchema } from "@/lib/validations/members";
import { deleteOrganization } from "@/lib/services/accounts/delete-organization";
import { renameOrganization } from "@/lib/services/accounts/rename-organization";

export const GET = route({ keyKind: "MANAGEMENT", permission: "account.read" }, async ({ ctx }) => {
  if (ctx.account.type !== "ORGANIZATION") throw notFound("Organization not found.");
  return { data: { id: ctx.account.id, name: ctx.account.name, slug: ctx.account.slug } };
});

export const PATCH = route({ keyKind: "MANAGEMENT", permission: "account.write", body: renameOrganizationSchema }, async ({ ctx, body }) => {
  const account = await renameOrganization({ ctx, input: body });
  return { data: { id: account.id, name: account.name, slug: account.slug } };
});

export const DELETE = route({ keyKind: "MANAGEMENT", permission: "account.delete", body: deleteOrganizationSchema }, async ({ ctx, body }) => {
  return deleteOrganization({ ctx, input: body });
});
