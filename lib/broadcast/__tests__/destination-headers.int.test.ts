// Custom destination headers (an OTel collector's `authorization`, an API key header…) are secrets:
// sealed with the other credentials, masked on read (names visible), kept when a PATCH sends the
// masked value back, sent as they are; rows saved before this are sealed at server start.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { callRoute, type As } from "@/lib/testing/http";
import { allowOutbound } from "@/lib/testing/outbound";
import { startReceiver } from "@/lib/testing/receiver";
import { createApiKeyFor, createOrganizationFor, createUser } from "@/prisma/factories";
import * as collection from "@/app/api/v1/observability/destinations/route";
import * as item from "@/app/api/v1/observability/destinations/[id]/route";
import * as testRoute from "@/app/api/v1/observability/destinations/test/route";
import { openDestinationSecrets, resolveConfig } from "../destination-secrets";
import { sealPlaintextHeaders } from "../seal-plaintext-headers";

// The receiver listens on loopback, which the outbound policy refuses unless allowlisted.
allowOutbound();

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver.close());

async function setup() {
  const admin = await createUser();
  const { account } = await createOrganizationFor(admin.id);
  const as: As = { apiKey: (await createApiKeyFor(account.id, "MANAGEMENT", admin.id)).key };
  return { account, as };
}

const storedRow = async (id: string) => (await db()).broadcastDestination.findUniqueOrThrow({ where: { id }, omit: { secretsCiphertext: false } });

describe("destination headers", () => {
  it("are stored encrypted and returned masked (names visible); the real values are sent", async () => {
    const { as } = await setup();
    const headers = { authorization: "Bearer collector-secret-9876", "x-team": "observability-1234" };
    const created = await callRoute(collection.POST as never, { method: "POST", as, body: { type: "otel-collector", name: "otel", config: { endpoint: receiver.url, headers } } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.data.config).toEqual({ endpoint: receiver.url, headers: { authorization: "…9876", "x-team": "…1234" } });

    const row = await storedRow(created.body.data.id);
    expect(JSON.stringify(row)).not.toContain("collector-secret");
    expect(JSON.stringify(row)).not.toContain("observability-1234");
    expect(row.config).toEqual({ endpoint: receiver.url });
    expect(openDestinationSecrets(row)).toEqual({ headers });

    const got = await callRoute(item.GET as never, { as, params: { id: created.body.data.id } });
    expect(got.body.data.config.headers).toEqual({ authorization: "…9876", "x-team": "…1234" });
    const listed = await callRoute(collection.GET as never, { as });
    expect(JSON.stringify(listed.body)).not.toContain("collector-secret");

    const before = receiver.requests.length;
    const sent = await callRoute(testRoute.POST as never, { method: "POST", as, body: { type: "otel-collector", config: {}, destination_id: created.body.data.id } });
    expect(sent.body.data).toMatchObject({ ok: true });
    expect(receiver.requests[before].headers.authorization).toBe("Bearer collector-secret-9876");
    expect(receiver.requests[before].headers["x-team"]).toBe("observability-1234");
  });

  it("a PATCH that sends a header back masked keeps it; a new value replaces it; headers left out are kept, a header dropped is removed", async () => {
    const { as } = await setup();
    const created = await callRoute(collection.POST as never, {
      method: "POST",
      as,
      body: { type: "datadog", name: "dd", config: { apiKey: "dd-key-abcd", mlApp: "shop", headers: { "x-proxy-auth": "proxy-secret-5678", "x-drop": "gone-0000" } } },
    });
    const id = created.body.data.id;
    const masked = created.body.data.config.headers;
    expect(masked).toEqual({ "x-proxy-auth": "…5678", "x-drop": "…0000" });

    // The whole form sent back as a GET returned it, with one header less and one new one.
    const patched = await callRoute(item.PATCH as never, { method: "PATCH", as, params: { id }, body: { config: { ...created.body.data.config, headers: { "x-proxy-auth": masked["x-proxy-auth"], "x-new": "fresh-value-2468" } } } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.data.config.headers).toEqual({ "x-proxy-auth": "…5678", "x-new": "…2468" });
    expect(resolveConfig(await storedRow(id))).toMatchObject({ apiKey: "dd-key-abcd", headers: { "x-proxy-auth": "proxy-secret-5678", "x-new": "fresh-value-2468" } });

    await callRoute(item.PATCH as never, { method: "PATCH", as, params: { id }, body: { config: { mlApp: "shop-2" } } });
    expect(resolveConfig(await storedRow(id))).toMatchObject({ mlApp: "shop-2", headers: { "x-proxy-auth": "proxy-secret-5678", "x-new": "fresh-value-2468" } });

    await callRoute(item.PATCH as never, { method: "PATCH", as, params: { id }, body: { config: { headers: { "x-proxy-auth": "rotated-secret-1357" } } } });
    expect(resolveConfig(await storedRow(id)).headers).toEqual({ "x-proxy-auth": "rotated-secret-1357" });
  });

  it("a destination saved with headers in clear is masked on read and sealed at start (once), its other secrets kept", async () => {
    const { account, as } = await setup();
    const client = await db();
    const legacy = await client.broadcastDestination.create({
      data: {
        accountId: account.id,
        type: "datadog",
        name: "legacy",
        config: { mlApp: "old", headers: { authorization: "Bearer legacy-secret-4321" } },
        secretsCiphertext: encryptSecret(JSON.stringify({ apiKey: "dd-legacy-key-9999" }), `broadcast:${account.id}:datadog`),
        secretHints: { apiKey: "…9999" },
      },
    });
    const read = await callRoute(item.GET as never, { as, params: { id: legacy.id } });
    expect(read.body.data.config).toMatchObject({ apiKey: "…9999", headers: { authorization: "…4321" } });
    expect(JSON.stringify(read.body)).not.toContain("legacy-secret");

    expect(await sealPlaintextHeaders()).toBeGreaterThanOrEqual(1);
    const row = await storedRow(legacy.id);
    expect(row.config).toEqual({ mlApp: "old" });
    expect(row.secretHints).toEqual({ apiKey: "…9999", headers: { authorization: "…4321" } });
    expect(openDestinationSecrets(row)).toEqual({ apiKey: "dd-legacy-key-9999", headers: { authorization: "Bearer legacy-secret-4321" } });
    expect(JSON.stringify(row)).not.toContain("legacy-secret");
    expect(await sealPlaintextHeaders()).toBe(0);
    expect((await callRoute(item.GET as never, { as, params: { id: legacy.id } })).body.data.config.headers).toEqual({ authorization: "…4321" });
  });
});
