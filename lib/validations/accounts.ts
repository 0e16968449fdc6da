import { z } from "zod";

// Slugs share the first URL segment with the app's own routes, so those words are reserved.
export const RESERVED_SLUGS = new Set([
  "personal", "api", "sign-in", "sign-up", "sign-out", "invite", "organizations", "settings", "admin",
  "_next", "static", "public", "favicon.ico", "new", "login", "logout", "auth", "health", "docs",
]);

export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, "Use at least 2 characters.")
  .max(40, "Use at most 40 characters.")
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens.")
  .refine((s) => !RESERVED_SLUGS.has(s), "This name is reserved.");

export const createOrganizationSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(80, "Use at most 80 characters."),
  slug: slugSchema,
});
export type CreateOrganizationInput = z.infer<typeof createOrganizationSchema>;

export function suggestSlug(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // drop the accents NFKD split off: "é" -> "e"
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
}

export const renameOrganizationSchema = createOrganizationSchema.pick({ name: true });
export type RenameOrganizationInput = z.infer<typeof renameOrganizationSchema>;
