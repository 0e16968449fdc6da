// The outbound request policy end to end, with real local servers: Test Connection, destination and
// provider saves, the gateway's call, Broadcast sends, redirects, DNS answers (an injected resolver
// stands in for a public name that resolves to a private address) and both allowlists.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { sendTraces } from "@/lib/broadcast/send";
import { buildTrace } from "@/lib/broadcast/trace";
import { ensureDefaultCatalog } from "@/lib/gateway/catalog";
import { flushMetering } from "@/lib/metering/queue";
import { stopSandbox } from "@/lib/gateway/sandbox";
import { createUpstreamServer } from "@/lib/gateway/sandbox-upstream";
import { callRoute, type As } from "@/lib/testing/http";
import { allowOutbound } from "@/lib/testing/outbound";
import { startReceiver } from "@/lib/testing/receiver";
import { addMember, createApiKeyFor, createOrganizationFor, createUser, personalCtx } from "@/prisma/factories";
import * as destinations from "@/app/api/v1/observability/destinations/route";
import * as destination from "@/app/api/v1/observability/destinations/[id]/route";
import * as testRoute from "@/app/api/v1/observability/destinations/test/route";
import * as providersRoute from "@/app/api/v1/catalog/providers/route";
import * as providerRoute from "@/app/api/v1/catalog/providers/[slug]/route";
import * as endpointsRoute from "@/app/api/v1/catalog/providers/[slug]/endpoints/route";
import * as chatRoute from "@/app/api/v1/chat/completions/route";
import * as outboundRoute from "@/app/api/v1/settings/outbound/route";
import { setOutboundResolver } from "./outbound-policy";

const INTERNAL_BODY = "<html><body><h1>Admin console</h1><p>internal-service-secret-page</p></body></html>";

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let asAdmin: As; // instance admin (first user), management key of their personal account
let asOrgAdmin: As; // an organization Admin who is not the instance admin
let orgKey: string;
let inferenceKey: string;
const upstream = createUpstreamServer();
let upstreamUrl: string;

beforeAll(async () => {
  allowOutbound(""); // production default: nothing private is allowlisted
  const root = await createUser();
  const other = await createUser();
  const rootPersonal = (await personalCtx(root.id)).account.id;
  asAdmin = { apiKey: (await createApiKeyFor(rootPersonal, "MANAGEMENT", root.id)).key };
  const { account } = await createOrganizationFor(other.id);
  await addMember(account.id, root.id, "MEMBER");
  orgKey = (await createApiKeyFor(account.id, "MANAGEMENT", other.id)).key;
  asOrgAdmin = { apiKey: orgKey };
  inferenceKey = (await createApiKeyFor(rootPersonal, "INFERENCE", root.id)).key;
  receiver = await startReceiver(() => ({ status: 500, body: INTERNAL_BODY }));
  await ensureDefaultCatalog();
  upstreamUrl = await upstream.listen(0);
});

afterEach(async () => {
  setOutboundResolver(null);
  allowOutbound("");
  expect((await callRoute(outboundRoute.PATCH, { method: "PATCH", as: asAdmin, body: { allowlist: [] } })).status).toBe(200);
});

afterAll(async () => {
  await flushMetering();
  await stopSandbox();
  await upstream.close();
  await receiver.close();
});

const testConnection = (as: As, endpoint: string) => callRoute(testRoute.POST as never, { method: "POST", as, body: { type: "otel-collector", config: { endpoint } } });
const portOf = (url: string) => new URL(url).port;

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; server: Server; hits: () => number }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, hits: () => hits };
}

describe("Test Connection", () => {
  it("to 127.0.0.1 is refused before connecting, with a clear message and nothing of the service's body", async () => {
    const before = receiver.requests.length;
    const res = await testConnection(asOrgAdmin, receiver.url);
    expect(res.status).toBe(200);
    expect(res.body.data.ok).toBe(false);
    expect(res.body.data.error).toMatch(/127\.0\.0\.1 is a loopback address; allowlist it in Settings → Outbound requests or TOLLGATE_OUTBOUND_ALLOW/);
    expect(res.body.data.error).not.toContain("internal-service-secret");
    expect(receiver.requests.length).toBe(before);
  });

  it("IPv4-mapped IPv6, localhost and the metadata address are refused too", async () => {
    for (const [endpoint, pattern] of [
      [`http://[::ffff:127.0.0.1]:${portOf(receiver.url)}`, /loopback/],
      [`http://localhost:${portOf(receiver.url)}`, /localhost resolves to a loopback address/],
      ["http://169.254.169.254", /cloud metadata address/],
      ["http://metadata.google.internal/computeMetadata/v1", /metadata\.google\.internal is a cloud metadata address/],
    ] as const) {
      const res = await testConnection(asOrgAdmin, endpoint);
      expect(res.body.data.ok, endpoint).toBe(false);
      expect(res.body.data.error, endpoint).toMatch(pattern);
    }
  });

  it("an allowlisted service's refusal shows its status and a short sanitised message, never a page", async () => {
    allowOutbound("127.0.0.1");
    const res = await testConnection(asOrgAdmin, receiver.url);
    expect(res.body.data).toMatchObject({ ok: false, error: "HTTP 500" });
    receiver.setAnswer(() => ({ status: 401, body: JSON.stringify({ error: { message: "Invalid token\u0000 for tenant" } }) }));
    try {
      expect((await testConnection(asOrgAdmin, receiver.url)).body.data.error).toBe("HTTP 401: Invalid token for tenant");
    } finally {
      receiver.setAnswer(() => ({ status: 500, body: INTERNAL_BODY }));
    }
  });

  it("a public-looking host that resolves to a private address is refused; its address is what is checked", async () => {
    setOutboundResolver(async (host) => (host === "collector.example.com" ? [{ address: "127.0.0.1", family: 4 }] : []));
    const before = receiver.requests.length;
    const res = await testConnection(asOrgAdmin, `http://collector.example.com:${portOf(receiver.url)}`);
    expect(res.body.data.error).toMatch(/collector\.example\.com resolves to a loopback address 127\.0\.0\.1/);
    expect(receiver.requests.length).toBe(before);
  });

  it("a host allowlisted in Settings is reached, at the address the policy resolved", async () => {
    setOutboundResolver(async (host) => (host === "collector.example.com" ? [{ address: "127.0.0.1", family: 4 }] : []));
    const saved = await callRoute(outboundRoute.PATCH, { method: "PATCH", as: asAdmin, body: { allowlist: ["Collector.example.com"] } });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toEqual({ allowlist: ["collector.example.com"], env_allowlist: [] });
    receiver.setAnswer(() => ({ status: 200 }));
    try {
      const before = receiver.requests.length;
      const res = await testConnection(asOrgAdmin, `http://collector.example.com:${portOf(receiver.url)}`);
      expect(res.body.data, JSON.stringify(res.body)).toMatchObject({ ok: true, error: null });
      expect(receiver.requests.length).toBe(before + 1);
      expect(receiver.requests[before].headers.host).toBe(`collector.example.com:${portOf(receiver.url)}`);
    } finally {
      receiver.setAnswer(() => ({ status: 500, body: INTERNAL_BODY }));
    }
  });

  it("every redirect hop is checked: an allowlisted server redirecting to a loopback port that is not allowlisted is refused", async () => {
    const target = await listen((_req, res) => res.writeHead(200).end("{}"));
    const hop = await listen((_req, res) => res.writeHead(307, { location: `${target.url}/v1/traces` }).end());
    try {
      allowOutbound(`127.0.0.1:${portOf(hop.url)}`);
      const res = await testConnection(asOrgAdmin, hop.url);
      expect(res.body.data.ok).toBe(false);
      expect(res.body.data.error).toMatch(/127\.0\.0\.1 is a loopback address/);
      expect(hop.hits()).toBe(1);
      expect(target.hits()).toBe(0);
      // Both allowlisted: the redirect is followed.
      allowOutbound(`127.0.0.1:${portOf(hop.url)},127.0.0.1:${portOf(target.url)}`);
      expect((await testConnection(asOrgAdmin, hop.url)).body.data).toMatchObject({ ok: true });
      expect(target.hits()).toBe(1);
    } finally {
      hop.server.close();
      target.server.close();
    }
  });

  it("a redirect to a name that resolves to a private address is refused", async () => {
    setOutboundResolver(async (host) => (host === "cdn.example.net" ? [{ address: "10.0.0.5", family: 4 }] : []));
    const hop = await listen((_req, res) => res.writeHead(302, { location: "http://cdn.example.net/ingest" }).end());
    try {
      allowOutbound(`127.0.0.1:${portOf(hop.url)}`);
      const res = await testConnection(asOrgAdmin, hop.url);
      expect(res.body.data.error).toMatch(/cdn\.example\.net resolves to a private address 10\.0\.0\.5/);
    } finally {
      hop.server.close();
    }
  });
});

describe("destination saves", () => {
  it("a URL that resolves to a private address is a 400 naming the field and why; allowlisted it saves", async () => {
    setOutboundResolver(async (host) => (host === "hooks.example.com" ? [{ address: "93.184.215.14", family: 4 }, { address: "10.0.0.5", family: 4 }] : []));
    const body = { type: "webhook", name: "hook", config: { url: "https://hooks.example.com/tollgate" } };
    const refused = await callRoute(destinations.POST as never, { method: "POST", as: asOrgAdmin, body });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe("config.url: hooks.example.com resolves to a private address 10.0.0.5; allowlist it in Settings → Outbound requests or TOLLGATE_OUTBOUND_ALLOW.");
    expect(refused.body.error.metadata).toMatchObject({ reason: "bad_request", field: "config.url", address: "10.0.0.5" });

    allowOutbound("10.0.0.0/8");
    const created = await callRoute(destinations.POST as never, { method: "POST", as: asOrgAdmin, body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    allowOutbound("");
    const patch = await callRoute(destination.PATCH as never, { method: "PATCH", as: asOrgAdmin, params: { id: created.body.data.id }, body: { config: { url: "http://127.0.0.1:9/x" } } });
    expect(patch.status).toBe(400);
    expect(patch.body.error.metadata.field).toBe("config.url");
  });

  it("an unresolvable host is accepted at save (checked again at every send); a bad allowlist entry is a 400", async () => {
    setOutboundResolver(async () => []);
    const created = await callRoute(destinations.POST as never, { method: "POST", as: asOrgAdmin, body: { type: "otel-collector", name: "later", config: { endpoint: "http://not-yet.example.org:4318" } } });
    expect(created.status).toBe(201);
    const bad = await callRoute(outboundRoute.PATCH, { method: "PATCH", as: asAdmin, body: { allowlist: ["10.0.0.0/8", "10.0.0.0/99"] } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error)).toContain("10.0.0.0/99");
  });
});

describe("sends", () => {
  const trace = buildTrace({ id: "gen-1", createdAt: new Date(), model: "m/x", status: 200, costMicros: 0n, promptTokens: 1, completionTokens: 1 }, { id: "d", privacyMode: true }, null);

  it("a destination that is refused at send time fails the attempt with a clear error (webhook and S3)", async () => {
    const before = receiver.requests.length;
    const webhook = await sendTraces({ id: "d", accountId: "a", type: "webhook", name: null, config: { url: `${receiver.url}/hook`, signingSecret: "s".repeat(20) } }, [trace]);
    expect(webhook).toMatchObject({ ok: false, error: expect.stringMatching(/^Refused by the outbound policy: 127\.0\.0\.1 is a loopback address/) });
    const s3 = await sendTraces({ id: "d", accountId: "a", type: "s3", name: null, config: { bucketName: "b", accessKeyId: "k", secretAccessKey: "s", endpoint: receiver.url } }, [trace]);
    expect(s3).toMatchObject({ ok: false, error: expect.stringMatching(/Refused by the outbound policy: 127\.0\.0\.1 is a loopback address/) });
    setOutboundResolver(async () => [{ address: "192.168.1.20", family: 4 }]);
    const s3Named = await sendTraces({ id: "d", accountId: "a", type: "s3", name: null, config: { bucketName: "b", accessKeyId: "k", secretAccessKey: "s", endpoint: "http://minio.example.com:9000" } }, [trace]);
    expect(s3Named).toMatchObject({ ok: false, error: expect.stringMatching(/minio\.example\.com resolves to a private address 192\.168\.1\.20/) });
    expect(receiver.requests.length).toBe(before);
  });
});

describe("custom provider base URLs", () => {
  const complete = () => callRoute(chatRoute.POST, { method: "POST", as: { apiKey: inferenceKey }, body: { model: "local/policy-echo", messages: [{ role: "user", content: "hi" }] } });
  const received = async () => ((await (await fetch(`${upstreamUrl.replace(/\/v1$/, "")}/health`)).json()) as { received: number }).received;

  it("are refused at save time (400 naming base_url) and at call time (the attempt fails, the upstream is not called)", async () => {
    const refused = await callRoute(providersRoute.POST, { method: "POST", as: asAdmin, body: { slug: "local-policy", name: "Local", base_url: upstreamUrl } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^base_url: 127\.0\.0\.1 is a loopback address; allowlist it/);
    expect(refused.body.error.metadata.field).toBe("base_url");

    allowOutbound(`127.0.0.1:${portOf(upstreamUrl)}`);
    expect((await callRoute(providersRoute.POST, { method: "POST", as: asAdmin, body: { slug: "local-policy", name: "Local", base_url: upstreamUrl, api_key: "sk-local-1234", timeout_ms: 5_000 } })).status).toBe(201);
    const endpoint = await callRoute(endpointsRoute.POST, {
      method: "POST",
      as: asAdmin,
      params: { slug: "local-policy" },
      body: { model_slug: "local/policy-echo", model_name: "Policy Echo", context_length: 8192, upstream_model: "echo", prompt_price: 0, completion_price: 0, supports_tools: false },
    });
    expect(endpoint.status, JSON.stringify(endpoint.body)).toBe(201);
    const ok = await complete();
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);

    allowOutbound("");
    const before = await received();
    const blocked = await complete();
    expect(blocked.status).toBe(502);
    expect(blocked.body.error.message).toMatch(/refused by the outbound policy: 127\.0\.0\.1 is a loopback address/);
    expect(await received()).toBe(before);

    setOutboundResolver(async () => [{ address: "10.1.1.1", family: 4 }]);
    const patched = await callRoute(providerRoute.PATCH, { method: "PATCH", as: asAdmin, params: { slug: "local-policy" }, body: { base_url: "https://llm.example.com/v1" } });
    expect(patched.status).toBe(400);
    expect(patched.body.error.message).toMatch(/llm\.example\.com resolves to a private address 10\.1\.1\.1/);
  });
});

describe("GET/PATCH /api/v1/settings/outbound", () => {
  it("is the instance admin's: others get 403; the env list is shown read-only", async () => {
    allowOutbound("10.0.0.0/8, collector.internal:4318");
    const got = await callRoute(outboundRoute.GET, { as: asAdmin });
    expect(got.status).toBe(200);
    expect(got.body.data).toEqual({ allowlist: [], env_allowlist: ["10.0.0.0/8", "collector.internal:4318"] });
    expect((await callRoute(outboundRoute.GET, { as: asOrgAdmin })).status).toBe(403);
    expect((await callRoute(outboundRoute.PATCH, { method: "PATCH", as: asOrgAdmin, body: { allowlist: ["10.0.0.0/8"] } })).status).toBe(403);
    expect((await callRoute(outboundRoute.PATCH, { method: "PATCH", as: asAdmin, body: { allowlist: "10.0.0.0/8" } })).status).toBe(400);
    expect((await callRoute(outboundRoute.PATCH, { method: "PATCH", as: asAdmin, body: { allowlist: ["192.168.7.0/24"] } })).body.data.allowlist).toEqual(["192.168.7.0/24"]);
    const events = await (await db()).auditEvent.findMany({ where: { action: "instance.outbound_allowlist_update" }, orderBy: { createdAt: "desc" }, take: 1 });
    expect(events[0].metadata).toEqual({ added: ["192.168.7.0/24"], removed: [] });
  });
});
