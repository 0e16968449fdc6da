// Rotation carries everything that restricts or meters a key: its guardrail, its limit and the spend
// already used in the limit's window (one spend line for the keys of a rotation), its expiry. And a
// Member cannot shed restrictions by making a new key: member guardrails bind every key they create.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callRoute, type As } from "@/lib/testing/http";
import { installPaidModels } from "@/lib/testing/paid-models";
import { createUpstreamServer } from "@/lib/gateway/sandbox-upstream";
import { flushMetering } from "@/lib/metering/queue";
import { addMember, createApiKeyFor, createOrganizationFor, createPlainUser, grantCreditsTo } from "@/prisma/factories";
import { getKeyUsage } from "@/lib/services/api-keys/key-usage";
import * as chatRoute from "@/app/api/v1/chat/completions/route";
import * as keysRoute from "@/app/api/v1/keys/route";
import * as keyRoute from "@/app/api/v1/keys/[hash]/route";
import * as rotateRoute from "@/app/api/v1/keys/[hash]/rotate/route";
import * as guardrailsRoute from "@/app/api/v1/guardrails/route";
import * as keyAssign from "@/app/api/v1/guardrails/[id]/assignments/keys/route";
import * as memberAssign from "@/app/api/v1/guardrails/[id]/assignments/members/route";
import { allowOutbound } from "@/lib/testing/outbound";

allowOutbound(); // the fakes listen on loopback

const upstream = createUpstreamServer();
let admin: { id: string };
let member: { id: string };
let slug: string;
let management: string;

beforeAll(async () => {
  await installPaidModels(await upstream.listen(), "rot-up", ["test/paid", "test/other"]);
  [admin, member] = await Promise.all([createPlainUser(), createPlainUser()]);
  const { account } = await createOrganizationFor(admin.id);
  slug = account.slug!;
  await addMember(account.id, member.id, "MEMBER");
  await grantCreditsTo(account.id, 100);
  management = (await createApiKeyFor(account.id, "MANAGEMENT", admin.id)).key;
});

afterAll(async () => {
  await flushMetering();
  await upstream.close();
});

const asAdmin: As = { apiKey: "" };
const mgmt = (): As => ({ ...asAdmin, apiKey: management });

/** One paid request, settled before the next one (so runs of requests are comparable). */
async function ask(key: string, model = "test/paid") {
  const res = await callRoute(chatRoute.POST as never, { method: "POST", as: { apiKey: key }, body: { model, max_tokens: 16, messages: [{ role: "user", content: "Hello there" }] } });
  await flushMetering();
  return res.status;
}

async function newKey(as: As, body: Record<string, unknown>) {
  const res = await callRoute(keysRoute.POST as never, { method: "POST", as, body: { name: "svc", ...body } });
  expect(res.status).toBe(201);
  return { key: res.body.key as string, hash: res.body.data.hash as string };
}

async function rotate(hash: string, as: As = mgmt()) {
  const res = await callRoute(rotateRoute.POST as never, { method: "POST", as, params: { hash }, body: { revoke_previous_after_seconds: 3600 } });
  expect(res.status).toBe(201);
  return { key: res.body.key as string, hash: res.body.data.hash as string, body: res.body };
}

async function servedUntilRefused(key: string, max = 60) {
  for (let served = 0; served < max; served++) {
    const status = await ask(key);
    if (status === 402) return served;
    expect(status).toBe(200);
  }
  throw new Error("never refused");
}

describe("rotation", () => {
  it("keeps the limit and the spend already used: the successor is refused exactly where the old key would have been", async () => {
    const limit = { limit: 0.0003, limit_reset: "daily" };
    const control = await newKey(mgmt(), limit);
    const n = await servedUntilRefused(control.key);
    expect(n).toBeGreaterThanOrEqual(3);

    const old = await newKey(mgmt(), limit);
    const before = Math.floor(n / 2);
    for (let i = 0; i < before; i++) expect(await ask(old.key)).toBe(200);
    const successor = await rotate(old.hash);
    expect(successor.body.data).toMatchObject({ limit: 0.0003, limit_reset: "daily" });
    // The successor's usage is the line's: what the old key spent so far.
    const oldUsage = (await callRoute(keyRoute.GET as never, { as: mgmt(), params: { hash: old.hash } })).body.data.usage_daily;
    expect(oldUsage).toBeGreaterThan(0);
    expect(successor.body.data.usage_daily).toBe(oldUsage);
    expect(await servedUntilRefused(successor.key)).toBe(n - before);
    // The old key, still in its overlap, spends on the same line: refused too.
    expect(await ask(old.key)).toBe(402);
    const listed = (await callRoute(keysRoute.GET as never, { as: mgmt() })).body.data as { hash: string; usage_daily: number }[];
    const usageOf = (hash: string) => listed.find((k) => k.hash === hash)!.usage_daily;
    expect(usageOf(successor.hash)).toBe(usageOf(old.hash));
    expect(usageOf(successor.hash)).toBe(usageOf(control.hash));
  });

  it("keeps the guardrail: the successor may call only what the old key could", async () => {
    const guardrail = await callRoute(guardrailsRoute.POST as never, { method: "POST", as: mgmt(), body: { name: `only-other-${Date.now()}`, allowed_models: ["test/other"] } });
    expect(guardrail.status).toBe(201);
    const old = await newKey(mgmt(), {});
    expect((await callRoute(keyAssign.POST as never, { method: "POST", as: mgmt(), params: { id: guardrail.body.data.id }, body: { key_hashes: [old.hash] } })).status).toBe(200);
    expect(await ask(old.key, "test/paid")).toBe(403);
    const successor = await rotate(old.hash);
    expect(await ask(successor.key, "test/paid")).toBe(403);
    expect(await ask(successor.key, "test/other")).toBe(200);
    const assigned = await callRoute(keyAssign.GET as never, { as: mgmt(), params: { id: guardrail.body.data.id } });
    expect(assigned.body.data.map((a: { key_hash: string }) => a.key_hash).sort()).toEqual([old.hash, successor.hash].sort());
  });

  it("a rotation's keys count as one in key usage", async () => {
    const old = await newKey(mgmt(), {});
    expect(await ask(old.key)).toBe(200);
    const s1 = await rotate(old.hash);
    expect(await ask(s1.key)).toBe(200);
    const s2 = await rotate(s1.hash);
    const rows = await callRoute(keysRoute.GET as never, { as: mgmt() });
    const ids = (rows.body.data as { hash: string }[]).filter((k) => [old.hash, s1.hash, s2.hash].includes(k.hash));
    expect(ids).toHaveLength(3);
    const usage = (rows.body.data as { hash: string; usage: number }[]).filter((k) => [old.hash, s1.hash, s2.hash].includes(k.hash)).map((k) => k.usage);
    expect(new Set(usage).size).toBe(1);
    expect(usage[0]).toBeGreaterThan(0);
    expect((await getKeyUsage([])).size).toBe(0);
  });
});

describe("a Member cannot make a key with fewer restrictions", () => {
  it("member guardrails apply to every key the member creates, whatever route made it", async () => {
    const guardrail = await callRoute(guardrailsRoute.POST as never, { method: "POST", as: mgmt(), body: { name: `member-other-${Date.now()}`, allowed_models: ["test/other"] } });
    expect((await callRoute(memberAssign.POST as never, { method: "POST", as: mgmt(), params: { id: guardrail.body.data.id }, body: { member_user_ids: [member.id] } })).status).toBe(200);
    const asMember: As = { userId: member.id, account: slug };
    const first = await newKey(asMember, {});
    expect(await ask(first.key, "test/paid")).toBe(403);
    // Delete it and make another, or rotate it: still bound.
    expect((await callRoute(keyRoute.DELETE as never, { method: "DELETE", as: asMember, params: { hash: first.hash } })).status).toBe(200);
    const second = await newKey(asMember, {});
    expect(await ask(second.key, "test/paid")).toBe(403);
    const rotated = await rotate(second.hash, asMember);
    expect(await ask(rotated.key, "test/paid")).toBe(403);
    expect(await ask(rotated.key, "test/other")).toBe(200);
  });
});
