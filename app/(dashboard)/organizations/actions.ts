"use server";

import { userAction } from "@/lib/api/action";
import { createOrganizationSchema } from "@/lib/validations/accounts";
import { createOrganization } from "@/lib/services/accounts/create-organization";

const create = userAction(createOrganizationSchema, async ({ ctx, input }) => {
  const account = await createOrganization({ ctx, input });
  return { slug: account.slug! };
});

export async function createOrganizationAction(input: unknown) {
  return create(input);
}
