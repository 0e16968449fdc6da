// Issue 13: NUL characters and unpaired UTF-16 surrogates anywhere in a request (body, query string,
// path parameters, the account header) are a 400 in the envelope naming the field, and change
// nothing; on the gateway (the App Router route and the fast path over real HTTP) no generation is
// recorded. Header values stored as data (http-referer, user-agent) are dropped when not plain ASCII.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { callRoute } from "@/lib/testing/http";
import { createApiKeyFor, createOrganizationFor, createUser, personalCtx } from "@/prisma/factories";
import { addCredits } from "@/lib/services/credits/add-credits";
import { createUpstreamServer } from "@/lib/gateway/sandbox-upstream";
import { createEchoModel } from "@/lib/testing/echo-model";
import { flushMetering } from "@/lib/metering/queue";
import { handleGatewayNode } from "@/lib/gateway/node-handler";
import * as keysRoute from "../keys/route";
import * as keyRoute from "../keys/[hash]/route";
import * as guardrailsRoute from "../guardrails/route";
import * as guardrailRoute from "../guardrails/[id]/route";
import * as modelsRoute from "../models/route";
import * as chatRoute from "../chat/completions/route";
import { allowOutbound } from "@/lib/testing/outbound";

allowOutbound(); // the fakes listen on loopback

const NUL = "\u0000";
const HIGH = "\uD800"; // a high surrogate with no low one after it
const LOW = "\uDC00"; // a low surrogate with no high one before it
const HOSTILE = [`a${NUL}b`, `a${HIGH}b`, `${LOW}b`, `end${HIGH}`];

const upstream = createUpstreamServer();
const server = http.createServer((req, res) => void handleGatewayNode(req, res));
let base: string;
let inferenceKey: string;
let management: string;
let accountId: string;
let userId: string;

beforeAll(async () => {
  const upstreamUrl = await upstream.listen(0);
  await createEchoModel(upstreamUrl, { provider: "edge-up", model: "test/edge" });
  const user = await createUser();
  userId = user.id;
  const ctx = await personalCtx(user.id);
  accountId = ctx.account.id;
  await addCredits({ ctx, input: { amount: 5 } });
  inferenceKey = (await createApiKeyFor(accountId, "INFERENCE", user.id)).key;
  management = (await createApiKeyFor(accountId, "MANAGEMENT", user.id)).key;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await flushMetering();
  await new Promise((resolve) => server.close(resolve));
  await upstream.close();
});

function expectNamed(res: { status: number; body: { error?: { code: number; message: string; metadata: Record<string, unknown> } } }, field: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body.error).toMatchObject({ code: 400, metadata: { reason: "bad_request", field } });
  expect(res.body.error!.message).toContain(field);
}

const counts = async () => {
  const client = await db();
  return {
    keys: await client.apiKey.count({ where: { accountId } }),
    guardrails: await client.guardrail.count({ where: { accountId } }),
    generations: await client.generation.count({ where: { accountId } }),
  };
};

describe("unsafe text in /api/v1 input", () => {
  it("a key name, a guardrail name and nested fields: 400 naming the field, nothing written", async () => {
    const before = await counts();
    for (const bad of HOSTILE) {
      expectNamed(await callRoute(keysRoute.POST as never, { method: "POST", as: { apiKey: management }, body: { name: bad } }), "body.name");
      expectNamed(await callRoute(guardrailsRoute.POST as never, { method: "POST", as: { apiKey: management }, body: { name: bad, limit_usd: 1 } }), "body.name");
      expectNamed(
        await callRoute(guardrailsRoute.POST as never, { method: "POST", as: { userId, account: "personal" }, body: { name: "ok", allowed_models: ["x", bad] } }),
        "body.allowed_models.1",
      );
      // an object key is checked too
      expectNamed(await callRoute(keysRoute.POST as never, { method: "POST", as: { apiKey: management }, body: { name: "ok", [`k${NUL}`]: 1 } }), "body.k\\u0000");
    }
    expect(await counts()).toEqual(before);
  });

  it("query strings and path ids: 400 naming the parameter", async () => {
    const created = await callRoute(keysRoute.POST as never, { method: "POST", as: { apiKey: management }, body: { name: "target" } });
    const hash = created.body.data.hash as string;
    const guardrail = await callRoute(guardrailsRoute.POST as never, { method: "POST", as: { apiKey: management }, body: { name: "target" } });
    const before = await counts();
    expectNamed(await callRoute(keysRoute.GET as never, { as: { apiKey: management }, path: "/?include_disabled=%00" }), "query.include_disabled");
    expectNamed(await callRoute(keysRoute.GET as never, { as: { userId, account: "personal" }, path: "/?offset=1%00" }), "query.offset");
    expectNamed(await callRoute(modelsRoute.GET as never, { path: "/?q=gpt%00" }), "query.q");
    expectNamed(await callRoute(modelsRoute.GET as never, { path: `/?providers=${encodeURIComponent("a")}&model=%00` }), "query.model");
    for (const bad of HOSTILE) {
      expectNamed(await callRoute(keyRoute.GET as never, { as: { apiKey: management }, params: { hash: bad } }), "params.hash");
      expectNamed(await callRoute(keyRoute.PATCH as never, { method: "PATCH", as: { apiKey: management }, params: { hash: bad }, body: { name: "x" } }), "params.hash");
      expectNamed(await callRoute(keyRoute.DELETE as never, { method: "DELETE", as: { userId, account: "personal" }, params: { hash: `${hash}${bad}` } }), "params.hash");
      expectNamed(await callRoute(guardrailRoute.PATCH as never, { method: "PATCH", as: { apiKey: management }, params: { id: `${guardrail.body.data.id}${bad}` }, body: { name: "y" } }), "params.id");
    }
    expect(await counts()).toEqual(before);
    const kept = await callRoute(keyRoute.GET as never, { as: { apiKey: management }, params: { hash } });
    expect(kept.body.data.name).toBe("target");
  });

  it("a bad x-tollgate-account header is a 400 naming it", async () => {
    const org = await createOrganizationFor(userId);
    for (const account of [`${org.account.slug}\u00e9`, "personal\u0001", "per\u007fsonal"]) {
      expectNamed(await callRoute(keysRoute.GET as never, { as: { userId }, headers: { "x-tollgate-account": account } }), "headers.x-tollgate-account");
    }
    expect((await callRoute(keysRoute.GET as never, { as: { userId, account: org.account.slug! } })).status).toBe(200);
  });

  it("deep nesting is a 400, not a stack overflow", async () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    const res = await callRoute(keysRoute.POST as never, { method: "POST", as: { apiKey: management }, body: `{"name":"x","deep":${deep}}` });
    expect(res.status).toBe(400);
    expect(res.body.error.metadata.field).toMatch(/^body\.deep(\.0)+$/);
  });
});

describe("unsafe text on the gateway", () => {
  const chat = (over: Record<string, unknown>) => ({ model: "test/edge", messages: [{ role: "user", content: "hi" }], ...over });
  const cases: [Record<string, unknown>, string][] = HOSTILE.flatMap((bad): [Record<string, unknown>, string][] => [
    [chat({ user: bad }), "body.user"],
    [chat({ model: `test/edge${bad}` }), "body.model"],
    [chat({ messages: [{ role: "user", content: bad }] }), "body.messages.0.content"],
    [chat({ messages: [{ role: "user", content: [{ type: "text", text: bad }] }] }), "body.messages.0.content.0.text"],
    [chat({ session_id: bad }), "body.session_id"],
  ]);

  it("the fast path (real HTTP): 400 naming the field, no generation recorded", async () => {
    await flushMetering();
    const before = await counts();
    for (const [body, field] of cases) {
      const res = await fetch(`${base}/api/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${inferenceKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      expectNamed({ status: res.status, body: await res.json() }, field);
    }
    const query = await fetch(`${base}/api/v1/chat/completions?model=%00`, {
      method: "POST",
      headers: { authorization: `Bearer ${inferenceKey}`, "content-type": "application/json" },
      body: JSON.stringify(chat({})),
    });
    expectNamed({ status: query.status, body: await query.json() }, "query.model");
    await flushMetering();
    expect(await counts()).toEqual(before);
  });

  it("the App Router route: the same 400s, no generation recorded", async () => {
    await flushMetering();
    const before = await counts();
    for (const [body, field] of cases) {
      expectNamed(await callRoute(chatRoute.POST as never, { method: "POST", as: { apiKey: inferenceKey }, body }), field);
    }
    await flushMetering();
    expect(await counts()).toEqual(before);
  });

  it("http-referer and user-agent that are not printable ASCII are dropped, the request served", async () => {
    const res = await fetch(`${base}/api/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${inferenceKey}`, "content-type": "application/json", "http-referer": "https://ok.example/\u00ff", "user-agent": "caf\u00e9" },
      body: JSON.stringify(chat({})),
    });
    expect(res.status).toBe(200);
    const { id } = await res.json();
    const routed = await callRoute(chatRoute.POST as never, { method: "POST", as: { apiKey: inferenceKey }, body: chat({}), headers: { "http-referer": "https://ok.example/", "user-agent": "agent\u0080" } });
    expect(routed.status).toBe(200);
    await flushMetering();
    const client = await db();
    expect(await client.generation.findUniqueOrThrow({ where: { id } })).toMatchObject({ httpReferer: null, userAgent: null });
    expect(await client.generation.findUniqueOrThrow({ where: { id: routed.body.id } })).toMatchObject({ httpReferer: "https://ok.example/", userAgent: null });
  });
});
