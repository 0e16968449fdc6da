import { z } from "zod";
import { emailSchema } from "./auth";

export const roleSchema = z.enum(["ADMIN", "MEMBER", "BILLING"], { error: "Role must be ADMIN, MEMBER or BILLING." });

/** The API also accepts the wire names ("org:admin", "admin"). */
export const roleInputSchema = z
  .string()
  .transform((r) => r.replace(/^org:/, "").toUpperCase())
  .pipe(roleSchema);

export const createInvitationSchema = z.object({ email: emailSchema, role: roleInputSchema.default("MEMBER") });
export type CreateInvitationInput = z.input<typeof createInvitationSchema>;

export const changeRoleSchema = z.object({ role: roleInputSchema });
export type ChangeRoleInput = z.input<typeof changeRoleSchema>;

export const deleteOrganizationSchema = z.object({ confirm_name: z.string({ error: "Type the organization's name to confirm." }) });
export type DeleteOrganizationInput = z.infer<typeof deleteOrganizationSchema>;

export const acceptInvitationSchema = z.object({ token: z.string().min(20).max(200) });

export const auditQuerySchema = z.object({
  actor: z.string().min(1).optional(),
  action: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;
