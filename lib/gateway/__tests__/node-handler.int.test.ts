// The gateway's fast path (what `npm start` serves chat completions with): over real HTTP, the same
// answers, stream, refusals and cancellation as the App Router route, and everything else left to Next.
import { allowOutbound } from "@/lib/testing/outbound";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiKeyFor, createUser, personalCtx, grantCreditsTo } from "@/prisma/factories";
import { createUpstreamServer } from "@/lib/gateway/sandbox-upstream";
import { createEchoModel } from "@/lib/testing/echo-model";
import { flushMetering } from "@/lib/metering/queue";
import { handleGatewayNode, isGatewayRequest, MAX_BODY_BYTES } from "@/lib/gateway/node-handler";

// Its fake third parties listen on loopback, which the outbound policy refuses unless allowlisted.
allowOutbound();

const upstream = createUpstreamServer();
let base: string;
let key: string;
let accountId: string;
let passedOn = 0;

const server = http.createServer((req, res) => {
  if (isGatewayRequest(req)) return void handleGatewayNode(req, res);
  passedOn += 1; // what scripts/serve.mjs hands to Next
  res.writeHead(204).end();
});

beforeAll(async () => {
  const upstreamUrl = await upstream.listen(0);
  await createEchoModel(upstreamUrl, { provider: "fast-up", model: "test/fast" });
  const user = await createUser();
  const ctx = await personalCtx(user.id);
  accountId = ctx.account.id;
  await grantCreditsTo(ctx.account.id, 5);
  key = (await createApiKeyFor(ctx.account.id, "INFERENCE", user.id)).key;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await flushMetering();
  await new Promise((resolve) => server.close(resolve));
  await upstream.close();
});

const post = (body: unknown, headers: Record<string, string> = { authorization: `Bearer ${key}` }) =>
  fetch(`${base}/api/v1/chat/completions`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

describe("the gateway fast path", () => {
  it("answers a completion with usage and cost, and records the generation", async () => {
    const res = await post({ model: "test/fast", messages: [{ role: "user", content: "hello fast path" }] });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const body = await res.json();
    expect(body.id).toMatch(/^gen-/);
    expect(res.headers.get("x-generation-id")).toBe(body.id);
    expect(body.model).toBe("test/fast");
    expect(JSON.stringify(body.choices)).toContain("hello fast path");
    expect(body.usage.cost).toBeGreaterThan(0);
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    await flushMetering();
    const row = await (await db()).generation.findUniqueOrThrow({ where: { id: body.id } });
    expect(row).toMatchObject({ accountId, status: 200, model: "test/fast", providerSlug: "fast-up" });
    expect(row.costMicros).toBe(BigInt(Math.round(body.usage.cost * 1e6)));
  });

  it("streams server-sent events ending with the usage chunk and [DONE]", async () => {
    const res = await post({ model: "test/fast", stream: true, messages: [{ role: "user", content: "stream it" }] });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const text = await res.text();
    const events = text.split("\n\n").filter(Boolean).map((e) => e.replace(/^data: /, ""));
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((e) => JSON.parse(e));
    expect(chunks.map((c) => c.choices?.[0]?.delta?.content ?? "").join("")).toContain("stream it");
    expect(chunks.at(-1).usage.cost).toBeGreaterThan(0);
    expect(new Set(chunks.map((c) => c.id)).size).toBe(1);
  });

  it("refuses in the one error envelope: no key, unknown key, management key, malformed JSON, invalid body, too large", async () => {
    const mgmt = await createApiKeyFor(accountId, "MANAGEMENT", null);
    const expectations: [() => Promise<Response>, number, RegExp][] = [
      [() => post({ model: "test/fast", messages: [{ role: "user", content: "x" }] }, {}), 401, /Missing API key/],
      [() => post({ model: "test/fast", messages: [{ role: "user", content: "x" }] }, { authorization: `Bearer sk-tg-v1-${"0".repeat(64)}` }), 401, /./],
      [() => post({ model: "test/fast", messages: [{ role: "user", content: "x" }] }, { authorization: `Bearer ${mgmt.key}` }), 403, /inference key/],
      [() => post("{oops"), 400, /Malformed JSON/],
      [() => post({ model: "test/fast", messages: [] }), 400, /Invalid request/],
      [() => post("x".repeat(MAX_BODY_BYTES + 1)), 413, /larger than/],
    ];
    for (const [call, status, message] of expectations) {
      const res = await call();
      expect(res.status).toBe(status);
      const body = await res.json();
      expect(body.error.code).toBe(status);
      expect(body.error.message).toMatch(message);
      expect(typeof body.error.metadata.reason).toBe("string");
    }
  });

  it("a client that disconnects cancels the upstream call and is metered as 499", async () => {
    Object.assign(upstream.state, { mode: "slow", slowMs: 3000 });
    const abortedBefore = upstream.state.aborted;
    const req = http.request(`${base}/api/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } });
    const failed = new Promise((resolve) => req.on("error", resolve));
    req.end(JSON.stringify({ model: "test/fast", user: "cancel-me", messages: [{ role: "user", content: "cancel me" }] }));
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    req.destroy(); // the client goes away while the provider is still working
    await failed;
    await new Promise((r) => setTimeout(r, 200));
    expect(upstream.state.aborted).toBe(abortedBefore + 1);
    expect(Date.now() - started).toBeLessThan(2500);
    Object.assign(upstream.state, { mode: "ok" });
    await flushMetering();
    const row = await (await db()).generation.findFirstOrThrow({ where: { accountId, endUser: "cancel-me" } });
    expect(row).toMatchObject({ status: 499, cancelled: true });
  });

  it("leaves every other request to Next", async () => {
    const before = passedOn;
    expect((await fetch(`${base}/api/v1/models`)).status).toBe(204);
    expect((await fetch(`${base}/api/v1/chat/completions`)).status).toBe(204); // GET is not the gateway
    expect(passedOn).toBe(before + 2);
  });
});
