// The callers of an authorization matrix (every route × {signed out, Member, Billing, Admin, Admin of
// another organization, inference key, management key}), shared by the *-authz integration tests.
import { expect } from "vitest";
import { addMember, createApiKeyFor, createOrganizationFor, createUser } from "@/prisma/factories";
import type { As, callRoute } from "./http";

export type Persona = "signedOut" | "member" | "billing" | "admin" | "otherAdmin" | "inferenceKey" | "managementKey";
export const PERSONAS: Persona[] = ["signedOut", "member", "billing", "admin", "otherAdmin", "inferenceKey", "managementKey"];

export type MatrixPeople = { users: Record<"admin" | "member" | "billing" | "otherAdmin", { id: string }>; otherSlug: string };

/** The four people of the matrix, and the other Admin's own organization. */
export async function createMatrixPeople(): Promise<MatrixPeople> {
  const [admin, member, billing, otherAdmin] = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
  const otherSlug = (await createOrganizationFor(otherAdmin.id)).account.slug!;
  return { users: { admin, member, billing, otherAdmin }, otherSlug };
}

/** A fresh organization: the Admin, a Member, a Billing member, and an inference and a management key of the Admin's. */
export async function createMatrixOrganization({ users }: MatrixPeople) {
  const { account, ctx } = await createOrganizationFor(users.admin.id);
  await addMember(account.id, users.member.id, "MEMBER");
  await addMember(account.id, users.billing.id, "BILLING");
  const inference = await createApiKeyFor(account.id, "INFERENCE", users.admin.id);
  const management = await createApiKeyFor(account.id, "MANAGEMENT", users.admin.id);
  return { account, ctx, slug: account.slug!, inference, management };
}

/**
 * How a persona calls. The Admin of another organization, on an item route, makes the realistic
 * attempt (their own organization, this organization's object id); on a collection they name this
 * organization, which they do not belong to.
 */
export function matrixCaller(persona: Persona, { users, otherSlug }: MatrixPeople, org: { slug: string; inference: { key: string }; management: { key: string } }, isItemRoute: boolean): As {
  switch (persona) {
    case "signedOut":
      return { account: org.slug };
    case "inferenceKey":
      return { apiKey: org.inference.key };
    case "managementKey":
      return { apiKey: org.management.key };
    case "otherAdmin":
      return { userId: users.otherAdmin.id, account: isItemRoute ? otherSlug : org.slug };
    default:
      return { userId: users[persona].id, account: org.slug };
  }
}

/**
 * The matrix's verdict on one call: the expected status, JSON, a refusal in the one error envelope
 * that changed nothing (`snapshot` of the account as before), an accepted write that changed something.
 */
export async function expectMatrixOutcome(
  res: Awaited<ReturnType<typeof callRoute>>,
  { expected, method, before, snapshot }: { expected: number; method: string; before: string; snapshot: () => Promise<string> },
): Promise<void> {
  expect(res.status, JSON.stringify(res.body)).toBe(expected);
  expect(res.contentType).toMatch(/^application\/json/);
  if (res.status >= 400) {
    expect(res.body.error.code).toBe(res.status);
    expect(await snapshot()).toBe(before);
  } else if (method !== "GET") {
    expect(await snapshot()).not.toBe(before);
  }
}
