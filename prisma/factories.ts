// Factories shared by the seed and the tests. Each call makes fresh, unique data.
// Users go through the real sign-up service; what later issues give a service of its own
// (invitations, API keys) is inserted directly here until then.
import { randomBytes } from "node:crypto";
import { db } from "../lib/db";
import { generateApiKey } from "../lib/auth/api-keys";
import { flushMetering, recordGeneration } from "../lib/metering/queue";
import type { GenerationRecord } from "../lib/metering/record";
import type { ApiKeyKind, Role } from "../lib/generated/prisma/enums";
import { createOrganization } from "../lib/services/accounts/create-organization";
import { resolveAccountForUser } from "../lib/services/accounts/resolve-account";
import { PERSONAL_SEGMENT } from "../lib/services/context";
import { postCreditEntry } from "../lib/services/credits/post-credit-entry";
import { usdToMicros } from "../lib/money";
import { signUpUser } from "../lib/services/users/sign-up-user";

export const DEFAULT_PASSWORD = "correct horse battery";

const unique = () => randomBytes(4).toString("hex");

export async function createUser(overrides: { email?: string; name?: string; password?: string } = {}) {
  const id = unique();
  const password = overrides.password ?? DEFAULT_PASSWORD;
  const user = await signUpUser({
    input: { email: overrides.email ?? `user-${id}@example.test`, name: overrides.name ?? `User ${id}`, password },
  });
  return { ...user, password };
}

/** A user who operates the instance (User.isInstanceAdmin): grants credits, edits the catalog. */
export async function createInstanceAdmin(overrides: { email?: string; name?: string } = {}) {
  const user = await createUser(overrides);
  await (await db()).user.update({ where: { id: user.id }, data: { isInstanceAdmin: true } });
  return { ...user, isInstanceAdmin: true };
}

/** A user who is not the instance's operator (the first user of a database is: this one never is). */
export async function createPlainUser(overrides: { email?: string; name?: string } = {}) {
  const user = await createUser(overrides);
  await (await db()).user.update({ where: { id: user.id }, data: { isInstanceAdmin: false } });
  return { ...user, isInstanceAdmin: false };
}

/** Credits in an account's pool, as an operator's grant would put them there (ledger entry, no actor). */
export async function grantCreditsTo(accountId: string, amountUsd: number, note = "Test credits") {
  return (await db()).$transaction((tx) => postCreditEntry(tx, { accountId, kind: "TOP_UP", amountMicros: usdToMicros(amountUsd), note, actorUserId: null }));
}

export async function personalCtx(userId: string) {
  return resolveAccountForUser({ userId, segment: PERSONAL_SEGMENT });
}

export async function createOrganizationFor(userId: string, overrides: { name?: string; slug?: string } = {}) {
  const id = unique();
  const account = await createOrganization({
    ctx: { userId },
    input: { name: overrides.name ?? `Org ${id}`, slug: overrides.slug ?? `org-${id}` },
  });
  const ctx = await resolveAccountForUser({ userId, segment: account.slug! });
  return { account, ctx };
}

export async function addMember(accountId: string, userId: string, role: Role = "MEMBER") {
  return (await db()).membership.create({ data: { accountId, userId, role } });
}

export async function createApiKeyFor(accountId: string, kind: ApiKeyKind, creatorUserId: string | null, overrides: { disabled?: boolean; expiresAt?: Date | null } = {}) {
  const secret = generateApiKey();
  const row = await (await db()).apiKey.create({
    data: {
      accountId,
      kind,
      creatorUserId,
      name: `${kind.toLowerCase()} key ${unique()}`,
      hash: secret.hash,
      label: secret.label,
      disabled: overrides.disabled ?? false,
      expiresAt: overrides.expiresAt ?? null,
    },
  });
  return { ...row, key: secret.key };
}

/** One 5-minute health bucket of an endpoint, as the gateway's metering flush writes them. */
export async function createHealthBucket(
  endpointId: string,
  bucketStart: Date,
  over: { requests?: number; errors?: number; latencySamples?: number[]; ttftSamples?: number[]; outputTokens?: number; generationMs?: number } = {},
) {
  return (await db()).endpointHealthBucket.create({
    data: {
      endpointId,
      bucketStart,
      requests: over.requests ?? 1,
      errors: over.errors ?? 0,
      latencySamples: over.latencySamples ?? [],
      ttftSamples: over.ttftSamples ?? [],
      outputTokens: BigInt(over.outputTokens ?? 0),
      generationMs: BigInt(over.generationMs ?? 0),
    },
  });
}

let generationSeq = 0;

/**
 * Metered generations, written the way the gateway writes them (metering queue -> one batch
 * transaction with the usage rollups). Each gets a fresh id; fields default to a small 200 answer.
 */
export async function createGenerations(accountId: string, records: Partial<GenerationRecord>[]) {
  const written: GenerationRecord[] = [];
  for (const r of records) {
    const record: GenerationRecord = {
      id: `gen-f-${Date.now().toString(36)}-${++generationSeq}-${unique()}`,
      accountId,
      apiKeyId: null,
      model: "sandbox/echo",
      status: 200,
      costMicros: 0n,
      createdAt: new Date(),
      ...r,
    };
    recordGeneration(record);
    written.push(record);
  }
  await flushMetering();
  return written;
}
