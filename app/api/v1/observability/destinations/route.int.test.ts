// Contract and behaviour tests for /api/v1/observability/destinations (API_CONTRACT §9): shapes,
// masked credentials, the per-type limit under concurrency, permissions, tenant isolation, Test
// Connection, key filter and privacy mode in the outbox, and the delivery log's retry and replay.
import { allowOutbound } from "@/lib/testing/outbound";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { callRoute } from "@/lib/testing/http";
import { startReceiver } from "@/lib/testing/receiver";
import { addMember, createApiKeyFor, createOrganizationFor, createUser } from "@/prisma/factories";
import { addDestination, broadcastAccount, outboxRows, recordGenerations } from "@/lib/broadcast/__tests__/helpers";
import * as collection from "./route";
import * as item from "./[id]/route";
import * as test from "./test/route";
import * as deliveries from "./[id]/deliveries/route";
import * as retry from "./[id]/retry/route";
import * as replay from "./[id]/replay/route";

// Its fake third parties listen on loopback, which the outbound policy refuses unless allowlisted.
allowOutbound();

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver((req) => (req.path.startsWith("/bad") ? { status: 401, body: '{"error":"Invalid API key"}' } : { status: 200 }));
});
afterAll(() => receiver.close());

async function setup() {
  const admin = await createUser();
  const { account, ctx } = await createOrganizationFor(admin.id);
  const management = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);
  return { admin, account, ctx, as: { apiKey: management.key } };
}

const DATADOG = { type: "datadog", name: "DD prod", config: { apiKey: "dd-SECRET-key-wxyz", mlApp: "shop" } };

function expectDestination(value: unknown, accountId: string) {
  const d = value as Record<string, unknown>;
  expect(Object.keys(d).sort()).toEqual(
    ["id", "type", "name", "enabled", "privacy_mode", "sampling_rate", "regions", "api_key_hashes", "broadcast_generation_cost", "broadcast_generation_identity", "broadcast_generation_request_context", "filter_rules", "config", "workspace_id", "created_at", "updated_at"].sort(),
  );
  expect(typeof d.id).toBe("string");
  expect(typeof d.enabled).toBe("boolean");
  expect(typeof d.sampling_rate).toBe("number");
  expect(Array.isArray(d.regions)).toBe(true);
  expect(d.workspace_id).toBe(accountId);
  expect(new Date(d.updated_at as string).toISOString()).toBe(d.updated_at);
}

describe("POST /api/v1/observability/destinations", () => {
  it("201 { data } with every field, defaults filled, credentials masked and encrypted at rest", async () => {
    const { account, as } = await setup();
    const res = await callRoute(collection.POST as never, { method: "POST", as, body: DATADOG });
    expect(res.status).toBe(201);
    expectDestination(res.body.data, account.id);
    expect(res.body.data).toMatchObject({
      type: "datadog",
      name: "DD prod",
      enabled: true,
      privacy_mode: false,
      sampling_rate: 1,
      regions: ["global"],
      api_key_hashes: null,
      filter_rules: null,
      config: { apiKey: "…wxyz", mlApp: "shop", url: "https://api.datadoghq.com" },
    });
    expect(JSON.stringify(res.body)).not.toContain("SECRET");
    const row = await (await db()).broadcastDestination.findUniqueOrThrow({ where: { id: res.body.data.id }, omit: { secretsCiphertext: false } });
    expect(JSON.stringify(row)).not.toContain("dd-SECRET-key");
    expect(row.secretsCiphertext).toBeTruthy();
    const got = await callRoute(item.GET as never, { as, params: { id: res.body.data.id } });
    expect(got.status).toBe(200);
    expect(JSON.stringify(got.body)).not.toContain("SECRET");
  });

  it("a webhook without a signing secret gets one, shown once", async () => {
    const { as } = await setup();
    const res = await callRoute(collection.POST as never, { method: "POST", as, body: { type: "webhook", name: "hook", config: { url: "https://example.test/h" } } });
    expect(res.status).toBe(201);
    expect(res.body.signing_secret).toMatch(/^whsec_/);
    const list = await callRoute(collection.GET as never, { as });
    expect(JSON.stringify(list.body)).not.toContain(res.body.signing_secret);
    expect(list.body.data[0].config.signingSecret).toMatch(/^…/);
  });

  it("400 for an unsupported type or a config missing a field, with the field's path", async () => {
    const { as } = await setup();
    const unsupported = await callRoute(collection.POST as never, { method: "POST", as, body: { type: "snowflake", name: "x", config: {} } });
    expect(unsupported.status).toBe(400);
    expect(unsupported.body.error.message).toBeTruthy();
    const missing = await callRoute(collection.POST as never, { method: "POST", as, body: { type: "langfuse", name: "x", config: { publicKey: "pk" } } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.metadata.issues.map((i: { path: string[] }) => i.path.join("."))).toContain("config.secretKey");
    const rate = await callRoute(collection.POST as never, { method: "POST", as, body: { ...DATADOG, sampling_rate: 0 } });
    expect(rate.status).toBe(400);
  });

  it("at most 5 of one type per account, even when 7 are created at once", async () => {
    const { as } = await setup();
    const results: number[] = [];
    await Promise.all(
      Array.from({ length: 7 }, (_, i) => async () => results.push((await callRoute(collection.POST as never, { method: "POST", as, body: { ...DATADOG, name: `dd ${i}` } })).status)).map((f) => f()),
    );
    expect(results.sort()).toEqual([201, 201, 201, 201, 201, 409, 409]);
    const other = await callRoute(collection.POST as never, { method: "POST", as, body: { type: "otel-collector", name: "otel", config: { endpoint: "http://collector:4318" } } });
    expect(other.status).toBe(201);
  });
});

describe("permissions and isolation", () => {
  it("a Member is refused; another account's destination is 404 for read, update and delete", async () => {
    const { account, as } = await setup();
    const created = await callRoute(collection.POST as never, { method: "POST", as, body: DATADOG });
    const member = await createUser();
    await addMember(account.id, member.id, "MEMBER");
    const asMember = { userId: member.id, account: account.slug! };
    expect((await callRoute(collection.GET as never, { as: asMember })).status).toBe(403);
    expect((await callRoute(collection.POST as never, { method: "POST", as: asMember, body: DATADOG })).status).toBe(403);

    const stranger = await setup();
    const id = created.body.data.id;
    expect((await callRoute(item.GET as never, { as: stranger.as, params: { id } })).status).toBe(404);
    expect((await callRoute(item.PATCH as never, { method: "PATCH", as: stranger.as, params: { id }, body: { enabled: false } })).status).toBe(404);
    expect((await callRoute(item.DELETE as never, { method: "DELETE", as: stranger.as, params: { id } })).status).toBe(404);
    expect((await callRoute(deliveries.GET as never, { as: stranger.as, params: { id } })).status).toBe(404);
    expect((await callRoute(retry.POST as never, { method: "POST", as: stranger.as, params: { id } })).status).toBe(404);
    expect((await callRoute(item.GET as never, { as, params: { id } })).body.data.enabled).toBe(true);
  });
});

describe("PATCH and DELETE", () => {
  it("keeps a secret sent back masked, replaces one sent anew, and deletes with { deleted: true }", async () => {
    const { as } = await setup();
    const created = await callRoute(collection.POST as never, { method: "POST", as, body: { type: "langfuse", name: "lf", config: { publicKey: "pk-1", secretKey: "sk-first-1111", baseUrl: `${receiver.url}` } } });
    const id = created.body.data.id;
    const patched = await callRoute(item.PATCH as never, { method: "PATCH", as, params: { id }, body: { config: { ...created.body.data.config, publicKey: "pk-2" }, sampling_rate: 0.25, privacy_mode: true } });
    expect(patched.status).toBe(200);
    expect(patched.body.data).toMatchObject({ sampling_rate: 0.25, privacy_mode: true, config: { publicKey: "pk-2", secretKey: "…1111" } });
    // The stored secret still works: Test Connection with the stored destination sends it.
    const before = receiver.requests.length;
    const tested = await callRoute(test.POST as never, { method: "POST", as, body: { type: "langfuse", config: patched.body.data.config, destination_id: id } });
    expect(tested.body.data.ok).toBe(true);
    expect(receiver.requests[before].headers.authorization).toBe(`Basic ${Buffer.from("pk-2:sk-first-1111").toString("base64")}`);

    const rotated = await callRoute(item.PATCH as never, { method: "PATCH", as, params: { id }, body: { config: { secretKey: "sk-second-2222" } } });
    expect(rotated.body.data.config.secretKey).toBe("…2222");
    const deleted = await callRoute(item.DELETE as never, { method: "DELETE", as, params: { id } });
    expect(deleted).toMatchObject({ status: 200, body: { deleted: true } });
    expect((await callRoute(item.GET as never, { as, params: { id } })).status).toBe(404);
  });
});

describe("Test Connection", () => {
  it("sends a real test trace; a refusal comes back with the platform's status and message", async () => {
    const { as } = await setup();
    const before = receiver.requests.length;
    const ok = await callRoute(test.POST as never, { method: "POST", as, body: { type: "braintrust", config: { apiKey: "bt", projectId: "p", baseUrl: receiver.url } } });
    expect(ok.status).toBe(200);
    expect(ok.body.data).toMatchObject({ ok: true, error: null });
    expect(JSON.parse(receiver.requests[before].body).events[0].metadata.model).toBe("tollgate/test-connection");

    const bad = await callRoute(test.POST as never, { method: "POST", as, body: { type: "braintrust", config: { apiKey: "bt", projectId: "p", baseUrl: `${receiver.url}/bad` } } });
    expect(bad.body.data.ok).toBe(false);
    expect(bad.body.data.error).toContain("HTTP 401");
    expect(bad.body.data.error).toContain("Invalid API key");

    const unreachable = await callRoute(test.POST as never, { method: "POST", as, body: { type: "otel-collector", config: { endpoint: "http://127.0.0.1:1" } } });
    expect(unreachable.body.data.ok).toBe(false);
    expect(unreachable.body.data.error).toMatch(/ECONNREFUSED|fetch failed/);
  });
});

describe("what enters the outbox", () => {
  it("a key filter takes only its keys; privacy mode, ZDR and prompt logging off send metadata only", async () => {
    const { ctx, key } = await broadcastAccount({ promptLogging: true });
    const otherKey = await createApiKeyFor(ctx.account.id, "INFERENCE", null);
    const filtered = await addDestination(ctx, { type: "webhook", config: { url: receiver.url }, api_key_hashes: [key.hash] });
    const privacy = await addDestination(ctx, { type: "webhook", config: { url: receiver.url }, privacy_mode: true });
    const open = await addDestination(ctx, { type: "webhook", config: { url: receiver.url } });

    const fromKey = await recordGenerations(ctx.account.id, key.id, 3);
    const fromOther = await recordGenerations(ctx.account.id, otherKey.id, 2);
    const zdr = await recordGenerations(ctx.account.id, key.id, 1, { zdr: true });

    const filteredIds = (await outboxRows(filtered.id)).map((r) => r.generationId);
    expect(filteredIds.sort()).toEqual([...fromKey, ...zdr].sort());
    expect(filteredIds.some((id) => fromOther.includes(id))).toBe(false);
    const privacyRows = await outboxRows(privacy.id);
    expect(privacyRows).toHaveLength(6);
    expect(privacyRows.every((r) => (r.payload as { metadata_only: boolean }).metadata_only && (r.payload as { input: unknown }).input === null)).toBe(true);
    const openRows = await outboxRows(open.id);
    const payload = (id: string) => openRows.find((r) => r.generationId === id)!.payload as { metadata_only: boolean; input: unknown; api_key: { name: string } | null };
    expect(payload(fromKey[0])).toMatchObject({ metadata_only: false, input: [{ role: "user", content: "Hello 0" }], api_key: { name: key.name } });
    expect(payload(zdr[0])).toMatchObject({ metadata_only: true, input: null });

    // Prompt logging off: the gateway stores no body, so none can leave.
    const quiet = await broadcastAccount({ promptLogging: false });
    const dest = await addDestination(quiet.ctx, { type: "webhook", config: { url: receiver.url } });
    await recordGenerations(quiet.ctx.account.id, quiet.key.id, 1, { bodies: false });
    expect((await outboxRows(dest.id))[0].payload).toMatchObject({ metadata_only: true, input: null, output: null });
  });
});

describe("delivery log", () => {
  it("lists deliveries with their status; retry now revives failed ones; replay re-queues delivered ones since a time", async () => {
    const { ctx, key } = await broadcastAccount();
    const management = await createApiKeyFor(ctx.account.id, "MANAGEMENT", null);
    const as = { apiKey: management.key };
    const destination = await addDestination(ctx, { type: "webhook", config: { url: receiver.url } });
    const ids = await recordGenerations(ctx.account.id, key.id, 3);
    const client = await db();
    await client.traceDelivery.updateMany({ where: { generationId: ids[0] }, data: { status: "failed", attempts: 12, lastError: "HTTP 500: boom" } });
    await client.traceDelivery.updateMany({ where: { generationId: ids[1] }, data: { status: "delivered", attempts: 1, deliveredAt: new Date(), latencyMs: 12 } });
    await client.traceDelivery.updateMany({ where: { generationId: ids[2] }, data: { attempts: 2, lastError: "Timed out after 10 s." } });

    const log = await callRoute(deliveries.GET as never, { as, params: { id: destination.id } });
    expect(log.status).toBe(200);
    expect(log.body.total_count).toBe(3);
    expect(log.body.summary).toEqual({ delivered: 1, failed: 1, retrying: 1, pending: 0 });
    const byGen = Object.fromEntries(log.body.data.map((d: { generation_id: string }) => [d.generation_id, d]));
    expect(byGen[ids[0]]).toMatchObject({ status: "failed", last_error: "HTTP 500: boom", attempts: 12 });
    expect(byGen[ids[1]]).toMatchObject({ status: "delivered", latency_ms: 12 });
    expect(byGen[ids[2]]).toMatchObject({ status: "retrying" });
    const onlyFailed = await callRoute(deliveries.GET as never, { as, path: "/?status=failed", params: { id: destination.id } });
    expect(onlyFailed.body.data.map((d: { generation_id: string }) => d.generation_id)).toEqual([ids[0]]);

    const retried = await callRoute(retry.POST as never, { method: "POST", as, params: { id: destination.id } });
    expect(retried.body.data.retried).toBe(2);
    expect(await client.traceDelivery.findFirst({ where: { generationId: ids[0] } })).toMatchObject({ status: "pending", attempts: 0 });

    const replayed = await callRoute(replay.POST as never, { method: "POST", as, params: { id: destination.id }, body: { since: new Date(Date.now() - 60_000).toISOString() } });
    expect(replayed.body.data.replayed).toBe(3);
    expect(await client.traceDelivery.findFirst({ where: { generationId: ids[1] } })).toMatchObject({ status: "pending", deliveredAt: null });
    const later = await callRoute(replay.POST as never, { method: "POST", as, params: { id: destination.id }, body: { since: new Date(Date.now() + 60_000).toISOString() } });
    expect(later.body.data.replayed).toBe(0);
    expect((await callRoute(replay.POST as never, { method: "POST", as, params: { id: destination.id }, body: { since: "yesterday" } })).status).toBe(400);
  });
});
