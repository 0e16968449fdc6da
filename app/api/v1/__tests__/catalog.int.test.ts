// The shared provider catalog (/api/v1/catalog…): everyone reads it, only instance admins change it;
// provider keys are stored encrypted and never returned; every change reaches the gateway at once.
import { allowOutbound } from "@/lib/testing/outbound";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { decryptSecret } from "@/lib/crypto/secret-box";
import { ensureDefaultCatalog } from "@/lib/gateway/catalog";
import { flushMetering, recordGeneration } from "@/lib/metering/queue";
import { stopSandbox } from "@/lib/gateway/sandbox";
import { createUpstreamServer } from "@/lib/gateway/sandbox-upstream";
import { callRoute, type As } from "@/lib/testing/http";
import { addMember, createApiKeyFor, createOrganizationFor, createUser, personalCtx } from "@/prisma/factories";
import * as catalogRoute from "../catalog/route";
import * as providersRoute from "../catalog/providers/route";
import * as providerRoute from "../catalog/providers/[slug]/route";
import * as endpointsRoute from "../catalog/providers/[slug]/endpoints/route";
import * as endpointRoute from "../catalog/endpoints/[id]/route";
import * as chatRoute from "../chat/completions/route";
import * as modelsRoute from "../models/route";

// Its fake third parties listen on loopback, which the outbound policy refuses unless allowlisted.
allowOutbound();

type User = Awaited<ReturnType<typeof createUser>>;
let root: User; // the instance admin: the first user of this database
let other: User;
let rootPersonalId: string;
let orgSlug: string;
let rootKey: string; // management key of the instance admin's personal account
let rootOrgKey: string; // management key the instance admin made in an organization
let otherKey: string; // management key of someone else's personal account
let inferenceKey: string; // to call the gateway
let asRoot: As;
let asOther: As;

const upstream = createUpstreamServer();
let upstreamUrl: string;

beforeAll(async () => {
  root = await createUser();
  other = await createUser();
  const rootDb = await (await db()).user.findUniqueOrThrow({ where: { id: root.id } });
  expect(rootDb.isInstanceAdmin).toBe(true);
  rootPersonalId = (await personalCtx(root.id)).account.id;
  const otherPersonalId = (await personalCtx(other.id)).account.id;
  const { account } = await createOrganizationFor(root.id);
  await addMember(account.id, other.id, "ADMIN");
  orgSlug = account.slug!;
  rootKey = (await createApiKeyFor(rootPersonalId, "MANAGEMENT", root.id)).key;
  rootOrgKey = (await createApiKeyFor(account.id, "MANAGEMENT", root.id)).key;
  otherKey = (await createApiKeyFor(otherPersonalId, "MANAGEMENT", other.id)).key;
  inferenceKey = (await createApiKeyFor(otherPersonalId, "INFERENCE", other.id)).key;
  await ensureDefaultCatalog();
  upstreamUrl = await upstream.listen(0);
  asRoot = { userId: root.id };
  asOther = { userId: other.id };
});

afterAll(async () => {
  await flushMetering();
  await stopSandbox();
  await upstream.close();
});


async function catalogSnapshot() {
  const client = await db();
  const [providers, models, endpoints] = await Promise.all([
    client.provider.findMany({ orderBy: { slug: "asc" } }),
    client.model.findMany({ orderBy: { slug: "asc" } }),
    client.modelEndpoint.findMany({ orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify({ providers, models, endpoints }, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

const complete = (extra: Record<string, unknown> = {}) =>
  callRoute(chatRoute.POST, { method: "POST", as: { apiKey: inferenceKey }, body: { model: "sandbox/echo", messages: [{ role: "user", content: "hi" }], ...extra } });

const patchProvider = (as: As, slug: string, body: unknown) => callRoute(providerRoute.PATCH, { method: "PATCH", as, body, params: { slug } });

describe("GET /api/v1/catalog", () => {
  it("shows everyone the catalog, Sandbox providers first, and whether they may edit it", async () => {
    const res = await callRoute(catalogRoute.GET, { as: asOther });
    expect(res.status).toBe(200);
    expect(res.body.can_edit).toBe(false);
    const slugs = res.body.data.map((p: { slug: string }) => p.slug);
    expect(slugs.slice(0, 2)).toEqual(["sandbox-a", "sandbox-b"]);
    expect(slugs).toEqual(expect.arrayContaining(["openai", "groq"]));
    const a = res.body.data[0];
    expect(a).toMatchObject({ name: "Sandbox A", is_sandbox: true, zdr: true, retains_data: false, enabled: true, api_key: { is_set: false, hint: null } });
    expect(a.endpoints.map((e: { model: { slug: string } }) => e.model.slug)).toEqual(["sandbox/echo", "sandbox/echo-priced"]);
    expect(a.endpoints[1].pricing).toEqual({ prompt: 1, completion: 2, cached: null });
    expect((await callRoute(catalogRoute.GET, { as: asRoot })).body.can_edit).toBe(true);
    expect((await callRoute(catalogRoute.GET, { as: { apiKey: rootKey } })).body.can_edit).toBe(true);
    expect((await callRoute(catalogRoute.GET, { as: {} })).status).toBe(401);
  });
});

describe("who may change the catalog", () => {
  const writes: { name: string; call: (as: As) => ReturnType<typeof callRoute> }[] = [
    { name: "PATCH provider", call: (as) => patchProvider(as, "openai", { timeout_ms: 30_000 }) },
    { name: "POST provider", call: (as) => callRoute(providersRoute.POST, { method: "POST", as, body: { slug: "refused", name: "Refused", base_url: "http://127.0.0.1:1/v1" } }) },
    { name: "DELETE provider", call: (as) => callRoute(providerRoute.DELETE, { method: "DELETE", as, params: { slug: "mistral" } }) },
    {
      name: "POST endpoint",
      call: (as) => callRoute(endpointsRoute.POST, { method: "POST", as, params: { slug: "groq" }, body: { model_slug: "openai/gpt-4o", upstream_model: "x", prompt_price: 1, completion_price: 1 } }),
    },
    { name: "PATCH endpoint", call: async (as) => callRoute(endpointRoute.PATCH, { method: "PATCH", as, params: { id: await endpointId("mistral", "mistralai/mistral-small") }, body: { prompt_price: 9 } }) },
    { name: "DELETE endpoint", call: async (as) => callRoute(endpointRoute.DELETE, { method: "DELETE", as, params: { id: await endpointId("mistral", "mistralai/mistral-small") } }) },
  ];
  const refused: [string, () => As, number][] = [
    ["an Admin of their own account who is not instance admin", () => asOther, 403],
    ["that Admin's management key", () => ({ apiKey: otherKey }), 403],
    ["the instance admin's management key in an organization (shared with its Admins)", () => ({ apiKey: rootOrgKey }), 403],
    ["an inference key", () => ({ apiKey: inferenceKey }), 403],
    ["a signed-out caller", () => ({}), 401],
  ];
  for (const w of writes) {
    it.each(refused)(`${w.name} is refused to %s`, async (_who, as, status) => {
      const before = await catalogSnapshot();
      const res = await w.call(as());
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(status);
      expect(await catalogSnapshot()).toBe(before);
    });
  }

  it("refuses a non-admin with 403 even when the body is invalid", async () => {
    expect((await patchProvider(asOther, "openai", { timeout_ms: "soon" })).status).toBe(403);
  });

  it("lets the instance admin's personal management key edit, and records the key in the audit log", async () => {
    const res = await patchProvider({ apiKey: rootKey }, "together", { timeout_ms: 45_000 });
    expect(res.status).toBe(200);
    expect(res.body.data.timeout_ms).toBe(45_000);
    const event = await (await db()).auditEvent.findFirstOrThrow({ where: { accountId: rootPersonalId, action: "catalog.provider_update" }, orderBy: { createdAt: "desc" } });
    expect(event.actorKeyId).not.toBeNull();
    expect(event.metadata).toMatchObject({ provider: "together", changes: { timeout_ms: { from: 60_000, to: 45_000 } } });
  });

  it("records the instance admin's change in the account they act in", async () => {
    const res = await patchProvider({ userId: root.id, account: orgSlug }, "fireworks", { trains_on_data: true });
    expect(res.status).toBe(200);
    const client = await db();
    const org = await client.account.findUniqueOrThrow({ where: { slug: orgSlug } });
    const event = await client.auditEvent.findFirstOrThrow({ where: { accountId: org.id, action: "catalog.provider_update" } });
    expect(event).toMatchObject({ actorUserId: root.id, targetType: "provider", metadata: { provider: "fireworks", changes: { trains_on_data: { from: false, to: true } } } });
  });
});

async function endpointId(providerSlug: string, modelSlug: string): Promise<string> {
  const e = await (await db()).modelEndpoint.findFirstOrThrow({ where: { provider: { slug: providerSlug }, model: { slug: modelSlug } } });
  return e.id;
}

describe("provider API keys", () => {
  it("are stored encrypted for the provider, never returned, and can be replaced and cleared", async () => {
    const secret = "sk-live-0123456789abcdefWXYZ";
    const set = await patchProvider(asRoot, "openai", { api_key: secret });
    expect(set.status).toBe(200);
    expect(set.body.data.api_key).toEqual({ is_set: true, hint: "…WXYZ" });
    expect(JSON.stringify(set.body)).not.toContain("0123456789");

    const client = await db();
    const row = await client.provider.findUniqueOrThrow({ where: { slug: "openai" }, omit: { apiKeyCiphertext: false } });
    expect(row.apiKeyCiphertext).toBeTruthy();
    expect(row.apiKeyCiphertext).not.toContain(secret);
    expect(decryptSecret(row.apiKeyCiphertext!, "provider:openai")).toBe(secret);
    expect(() => decryptSecret(row.apiKeyCiphertext!, "provider:groq")).toThrow(); // bound to its provider

    const listed = await callRoute(catalogRoute.GET, { as: asOther });
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    expect(JSON.stringify(listed.body)).not.toContain(row.apiKeyCiphertext!);
    expect(listed.body.data.find((p: { slug: string }) => p.slug === "openai").api_key).toEqual({ is_set: true, hint: "…WXYZ" });

    const replaced = await patchProvider(asRoot, "openai", { api_key: "sk-other-key-4321" });
    expect(replaced.body.data.api_key.hint).toBe("…4321");
    const cleared = await patchProvider(asRoot, "openai", { api_key: null });
    expect(cleared.body.data.api_key).toEqual({ is_set: false, hint: null });
    expect((await client.provider.findUniqueOrThrow({ where: { slug: "openai" }, omit: { apiKeyCiphertext: false } })).apiKeyCiphertext).toBeNull();

    const events = await client.auditEvent.findMany({ where: { accountId: rootPersonalId, action: "catalog.provider_update", metadata: { path: ["provider"], equals: "openai" } }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => (e.metadata as { api_key?: string }).api_key)).toEqual(["set", "replaced", "cleared"]);
    expect(JSON.stringify(events)).not.toContain("sk-");
  });

  it("cannot be given to a Sandbox provider, whose base URL is fixed too", async () => {
    const before = await catalogSnapshot();
    const key = await patchProvider(asRoot, "sandbox-a", { api_key: "sk-nope-1234" });
    expect(key.status).toBe(400);
    expect(key.body.error.metadata.field).toBe("api_key");
    expect((await patchProvider(asRoot, "sandbox-a", { base_url: "http://127.0.0.1:9/v1" })).status).toBe(400);
    expect(await catalogSnapshot()).toBe(before);
  });
});

describe("validation", () => {
  it.each([
    ["an ftp base URL", "openai", { base_url: "ftp://example.test/v1" }, "base_url"],
    ["a timeout under a second", "openai", { timeout_ms: 10 }, "timeout_ms"],
    ["an empty body", "openai", {}, undefined],
    ["an unknown field", "openai", { retains: false }, undefined],
  ])("PATCH provider answers 400 to %s", async (_name, slug, body, field) => {
    const res = await patchProvider(asRoot, slug, body);
    expect(res.status).toBe(400);
    if (field) expect(res.body.error.metadata.issues[0].path).toEqual([field]);
  });

  it("answers 404 for an unknown provider or endpoint", async () => {
    expect((await patchProvider(asRoot, "nope", { enabled: false })).status).toBe(404);
    expect((await callRoute(endpointRoute.PATCH, { method: "PATCH", as: asRoot, params: { id: "nope" }, body: { enabled: false } })).status).toBe(404);
    expect((await callRoute(endpointsRoute.POST, { method: "POST", as: asRoot, params: { slug: "nope" }, body: { model_slug: "a/b", upstream_model: "b", prompt_price: 0, completion_price: 0 } })).status).toBe(404);
  });

  it("refuses negative prices and a new model without a name", async () => {
    const negative = await callRoute(endpointsRoute.POST, { method: "POST", as: asRoot, params: { slug: "groq" }, body: { model_slug: "openai/gpt-4o", upstream_model: "x", prompt_price: -1, completion_price: 1 } });
    expect(negative.status).toBe(400);
    const unnamed = await callRoute(endpointsRoute.POST, { method: "POST", as: asRoot, params: { slug: "groq" }, body: { model_slug: "brand/new-model", upstream_model: "x", prompt_price: 1, completion_price: 1, context_length: 8192 } });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.metadata.field).toBe("model_name");
  });
});

describe("changes reach the gateway at once", () => {
  it("a disabled provider is no longer routed to, and is again once enabled", async () => {
    expect((await complete({ provider: { order: ["sandbox-b"] } })).body.provider).toBe("Sandbox B"); // the catalog is cached now

    expect((await patchProvider(asRoot, "sandbox-b", { enabled: false })).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const res = await complete({ provider: { order: ["sandbox-b"] } });
      expect(res.status).toBe(200);
      expect(res.body.provider).toBe("Sandbox A");
    }
    const refused = await complete({ provider: { only: ["sandbox-b"] } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/sandbox-b: disabled/);

    expect((await patchProvider(asRoot, "sandbox-b", { enabled: true })).status).toBe(200);
    expect((await complete({ provider: { only: ["sandbox-b"] } })).body.provider).toBe("Sandbox B");
  });

  it("a custom OpenAI-compatible provider with a key serves a new model, at the prices set", async () => {
    const created = await callRoute(providersRoute.POST, {
      method: "POST",
      as: asRoot,
      body: { slug: "Local-VLLM", name: "Local vLLM", base_url: `${upstreamUrl}/`, api_key: "sk-local-secret-9876", retains_data: false, timeout_ms: 5_000 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data).toMatchObject({ slug: "local-vllm", base_url: upstreamUrl, zdr: true, is_sandbox: false, timeout_ms: 5_000, api_key: { is_set: true, hint: "…9876" }, endpoints: [] });
    expect(JSON.stringify(created.body)).not.toContain("sk-local-secret");
    const duplicate = await callRoute(providersRoute.POST, { method: "POST", as: asRoot, body: { slug: "local-vllm", name: "Again", base_url: upstreamUrl } });
    expect(duplicate.status).toBe(409);
    expect((await callRoute(providersRoute.POST, { method: "POST", as: asRoot, body: { slug: "sandbox-c", name: "Fake", base_url: upstreamUrl } })).status).toBe(400);

    const endpoint = await callRoute(endpointsRoute.POST, {
      method: "POST",
      as: asRoot,
      params: { slug: "local-vllm" },
      body: { model_slug: "local/echo-8b", model_name: "Local Echo 8B", context_length: 8192, upstream_model: "echo-8b-instruct", prompt_price: 0, completion_price: 0, supports_tools: false },
    });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
    expect(endpoint.body.data).toMatchObject({
      provider: "local-vllm",
      model: { slug: "local/echo-8b", name: "Local Echo 8B", context_length: 8192 },
      upstream_model: "echo-8b-instruct",
      pricing: { prompt: 0, completion: 0, cached: null },
      context_length: 8192,
      enabled: true,
      supports_tools: false,
    });
    const again = await callRoute(endpointsRoute.POST, { method: "POST", as: asRoot, params: { slug: "local-vllm" }, body: { model_slug: "local/echo-8b", upstream_model: "x", prompt_price: 0, completion_price: 0 } });
    expect(again.status).toBe(409);

    const res = await complete({ model: "local/echo-8b" });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.provider).toBe("Local vLLM");
    expect(upstream.state.lastAuthorization).toBe("Bearer sk-local-secret-9876"); // decrypted with provider:local-vllm
    expect((upstream.state.lastBody as { model: string }).model).toBe("echo-8b-instruct");

    // A price change shows in /models at once.
    const patched = await callRoute(endpointRoute.PATCH, { method: "PATCH", as: asRoot, params: { id: endpoint.body.data.id }, body: { prompt_price: 2.5, cached_price: 1.25 } });
    expect(patched.status).toBe(200);
    expect(patched.body.data.pricing).toEqual({ prompt: 2.5, completion: 0, cached: 1.25 });
    const models = await callRoute(modelsRoute.GET as never, {});
    const local = models.body.data.find((m: { id: string }) => m.id === "local/echo-8b");
    expect(local.pricing.prompt).toBe("0.0000025");
    const audit = await (await db()).auditEvent.findFirstOrThrow({ where: { action: "catalog.endpoint_update" } });
    expect(audit.metadata).toMatchObject({ provider: "local-vllm", model: "local/echo-8b", changes: { prompt_price: { from: 0, to: 2.5 }, cached_price: { from: null, to: 1.25 } } });

    // Deleting the only endpoint removes the model; the gateway no longer knows it.
    const deleted = await callRoute(endpointRoute.DELETE, { method: "DELETE", as: asRoot, params: { id: endpoint.body.data.id } });
    expect(deleted.body).toEqual({ deleted: true });
    expect(await (await db()).model.findUnique({ where: { slug: "local/echo-8b" } })).toBeNull();
    expect((await complete({ model: "local/echo-8b" })).status).toBe(404);

    expect((await callRoute(providerRoute.DELETE, { method: "DELETE", as: asRoot, params: { slug: "local-vllm" } })).body).toEqual({ deleted: true });
    expect(await (await db()).provider.findUnique({ where: { slug: "local-vllm" } })).toBeNull();
  });

  it("a disabled endpoint is skipped, and a Sandbox provider cannot be removed", async () => {
    const id = await endpointId("sandbox-b", "sandbox/echo");
    expect((await callRoute(endpointRoute.PATCH, { method: "PATCH", as: asRoot, params: { id }, body: { enabled: false } })).status).toBe(200);
    expect((await complete({ provider: { only: ["sandbox-b"] } })).status).toBe(400);
    expect((await callRoute(endpointRoute.PATCH, { method: "PATCH", as: asRoot, params: { id }, body: { enabled: true } })).status).toBe(200);
    expect((await complete({ provider: { only: ["sandbox-b"] } })).status).toBe(200);
    expect((await callRoute(providerRoute.DELETE, { method: "DELETE", as: asRoot, params: { slug: "sandbox-a" } })).status).toBe(400);
  });

  it("metering still writes a generation whose endpoint was removed before the flush", async () => {
    await flushMetering();
    const id = `gen-removed-endpoint-${Date.now()}`;
    recordGeneration({
      id, accountId: rootPersonalId, apiKeyId: null, model: "gone/model", status: 200, costMicros: 0n, createdAt: new Date(),
      endpointId: "removed-endpoint", health: [{ endpointId: "removed-endpoint", ok: true, latencyMs: 5, ttftMs: null, outputTokens: 3, generationMs: 5 }],
    });
    await flushMetering();
    expect(await (await db()).generation.findUnique({ where: { id } })).not.toBeNull();
  });
});
