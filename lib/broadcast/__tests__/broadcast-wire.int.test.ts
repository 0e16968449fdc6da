// Every destination type against a real local server that checks its documented wire format:
// generations go through the metering batch into the outbox, the worker sends them.
import { allowOutbound } from "@/lib/testing/outbound";
import { createHmac } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReceiver } from "../../testing/receiver";
import { startBroadcastWorker, stopBroadcastWorker } from "../worker";
import { addDestination, broadcastAccount, outboxRows, recordGenerations, waitUntilSettled } from "./helpers";

// Its fake third parties listen on loopback, which the outbound policy refuses unless allowlisted.
allowOutbound();

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let s3: S3rver;
let s3Url = "";

beforeAll(async () => {
  receiver = await startReceiver((req) => (req.path.startsWith("/api/public/ingestion") ? { status: 207, body: JSON.stringify({ successes: [], errors: [] }) } : { status: 200 }));
  s3 = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory: mkdtempSync(join(tmpdir(), "s3rver-")), configureBuckets: [{ name: "traces", configs: [] }] });
  const address = await s3.run();
  s3Url = `http://127.0.0.1:${address.port}`;
  startBroadcastWorker({ pollMs: 20, backoffBaseMs: 20 });
});

afterAll(async () => {
  await stopBroadcastWorker();
  await receiver.close();
  await s3.close();
});

const json = (body: string) => JSON.parse(body) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function sendOne(type: string, config: Record<string, unknown>) {
  const { ctx, key } = await broadcastAccount();
  const destination = await addDestination(ctx, { type: type as never, config });
  const before = receiver.requests.length;
  const [generationId] = await recordGenerations(ctx.account.id, key.id, 1);
  await waitUntilSettled([destination.id]);
  const [row] = await outboxRows(destination.id);
  expect(row).toMatchObject({ status: "delivered", attempts: 1, generationId, idempotencyKey: `${destination.id}:${generationId}` });
  expect(row.latencyMs).toBeGreaterThanOrEqual(0);
  const requests = receiver.requests.slice(before);
  return { destination, generationId, key, requests, idempotencyKey: row.idempotencyKey };
}

describe("wire formats", () => {
  it("Datadog: LLM Observability spans intake with DD-API-KEY, one llm span with model, tokens and messages", async () => {
    const { requests, generationId } = await sendOne("datadog", { apiKey: "dd-key-123456", mlApp: "shop-bot", url: receiver.url });
    expect(requests).toHaveLength(1);
    const [req] = requests;
    expect(req.method).toBe("POST");
    expect(req.path).toBe("/api/intake/llm-obs/v1/trace/spans");
    expect(req.headers["dd-api-key"]).toBe("dd-key-123456");
    expect(req.body).toMatch(/"start_ns":\d{19},/); // a bare 64-bit integer, not a rounded float or string
    const body = json(req.body);
    expect(body.data.type).toBe("span");
    expect(body.data.attributes.ml_app).toBe("shop-bot");
    const span = body.data.attributes.spans[0];
    expect(span).toMatchObject({ parent_id: "undefined", name: "chat sandbox/echo", status: "ok", meta: { kind: "llm", model_name: "sandbox/echo", model_provider: "sandbox-a" } });
    expect(span.trace_id).toMatch(/^\d+$/);
    expect(span.duration).toBe(50_000_000);
    expect(span.meta.input.messages).toEqual([{ role: "user", content: "Hello 0" }]);
    expect(span.meta.output.messages).toEqual([{ role: "assistant", content: "Echo 0" }]);
    expect(span.meta.metadata.generation_id).toBe(generationId);
    expect(span.metrics).toMatchObject({ input_tokens: 12, output_tokens: 5, total_tokens: 17, total_cost: 0.000042 });
  });

  it("Langfuse: ingestion batch of trace-create + generation-create with basic auth", async () => {
    const { requests, idempotencyKey } = await sendOne("langfuse", { publicKey: "pk-lf-1", secretKey: "sk-lf-secret", baseUrl: `${receiver.url}/` });
    const [req] = requests;
    expect(req.path).toBe("/api/public/ingestion");
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from("pk-lf-1:sk-lf-secret").toString("base64")}`);
    const { batch } = json(req.body);
    expect(batch.map((e: { type: string }) => e.type)).toEqual(["trace-create", "generation-create"]);
    expect(batch[0].body).toMatchObject({ id: idempotencyKey, userId: "user-7", name: "chat sandbox/echo" });
    expect(batch[1].body).toMatchObject({
      traceId: idempotencyKey,
      model: "sandbox/echo",
      usageDetails: { input: 12, output: 5, total: 17 },
      costDetails: { total: 0.000042 },
      level: "DEFAULT",
      input: [{ role: "user", content: "Hello 0" }],
      output: "Echo 0",
    });
    expect(new Set(batch.map((e: { id: string }) => e.id)).size).toBe(2);
  });

  it("LangSmith: runs/batch with x-api-key, an llm run with a UUID, dotted_order and usage", async () => {
    const { requests } = await sendOne("langsmith", { apiKey: "ls-key-1", endpoint: receiver.url, project: "tollgate-prod", workspaceId: "ws-1" });
    const [req] = requests;
    expect(req.path).toBe("/runs/batch");
    expect(req.headers["x-api-key"]).toBe("ls-key-1");
    expect(req.headers["x-tenant-id"]).toBe("ws-1");
    const run = json(req.body).post[0];
    expect(run.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(run.trace_id).toBe(run.id);
    expect(run.dotted_order).toMatch(new RegExp(`^\\d{8}T\\d{6}\\d{6}Z${run.id}$`));
    expect(run).toMatchObject({ run_type: "llm", session_name: "tollgate-prod", inputs: { messages: [{ role: "user", content: "Hello 0" }] } });
    expect(run.outputs.usage_metadata).toEqual({ input_tokens: 12, output_tokens: 5, total_tokens: 17 });
    expect(run.extra.metadata).toMatchObject({ ls_provider: "sandbox-a", ls_model_name: "sandbox/echo" });
  });

  it("Braintrust: project_logs insert with a Bearer key; the event id is the idempotency key", async () => {
    const { requests, idempotencyKey } = await sendOne("braintrust", { apiKey: "bt-key-1", projectId: "proj-42", baseUrl: receiver.url });
    const [req] = requests;
    expect(req.path).toBe("/v1/project_logs/proj-42/insert");
    expect(req.headers.authorization).toBe("Bearer bt-key-1");
    const event = json(req.body).events[0];
    expect(event).toMatchObject({ id: idempotencyKey, output: "Echo 0", span_attributes: { type: "llm" }, metrics: { prompt_tokens: 12, completion_tokens: 5, tokens: 17 } });
    expect(event.metrics.end - event.metrics.start).toBeCloseTo(0.05, 3);
  });

  it("OpenTelemetry: OTLP/HTTP JSON to /v1/traces with GenAI semantic attributes", async () => {
    const { requests, generationId } = await sendOne("otel-collector", { endpoint: receiver.url, headers: { "x-team": "ml" } });
    const [req] = requests;
    expect(req.path).toBe("/v1/traces");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["x-team"]).toBe("ml");
    const body = json(req.body);
    const resource = body.resourceSpans[0].resource.attributes;
    expect(resource).toContainEqual({ key: "service.name", value: { stringValue: "tollgate" } });
    const span = body.resourceSpans[0].scopeSpans[0].spans[0];
    expect(span.name).toBe("chat sandbox/echo");
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span.kind).toBe(3); // CLIENT
    const attrs = Object.fromEntries(span.attributes.map((a: { key: string; value: Record<string, unknown> }) => [a.key, Object.values(a.value)[0]]));
    expect(attrs).toMatchObject({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "sandbox-a",
      "gen_ai.request.model": "sandbox/echo",
      "gen_ai.response.id": generationId,
      "gen_ai.usage.input_tokens": expect.anything(),
      "enduser.id": "user-7",
    });
    expect(Number(attrs["gen_ai.usage.output_tokens"])).toBe(5);
    expect(JSON.parse(attrs["gen_ai.input.messages"] as string)).toEqual([{ role: "user", parts: [{ type: "text", content: "Hello 0" }] }]);
  });

  it("Webhook: a JSON POST signed with HMAC-SHA256 over `${timestamp}.${body}`", async () => {
    const secret = "whsec_test_secret_0123456789";
    const { requests, idempotencyKey } = await sendOne("webhook", { url: `${receiver.url}/hooks/traces`, signingSecret: secret });
    const [req] = requests;
    expect(req.path).toBe("/hooks/traces");
    const timestamp = req.headers["x-tollgate-timestamp"] as string;
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const expected = createHmac("sha256", secret).update(`${timestamp}.${req.body}`).digest("hex");
    expect(req.headers["x-tollgate-signature"]).toBe(`v1=${expected}`);
    const body = json(req.body);
    expect(body.type).toBe("tollgate.traces");
    expect(body.traces[0]).toMatchObject({ idempotency_key: idempotencyKey, model: "sandbox/echo", cost_usd: 0.000042, metadata_only: false, output: "Echo 0" });
  });

  it("S3: a JSON Lines object under {prefix}/{date} in an S3-compatible bucket", async () => {
    const { idempotencyKey } = await sendOne("s3", { bucketName: "traces", accessKeyId: "S3RVER", secretAccessKey: "S3RVER", endpoint: s3Url, prefix: "acme" });
    const client = new S3Client({ region: "us-east-1", endpoint: s3Url, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    const today = new Date().toISOString().slice(0, 10);
    const listed = await client.send(new ListObjectsV2Command({ Bucket: "traces", Prefix: `acme/${today}/` }));
    const keys = (listed.Contents ?? []).map((o) => o.Key!);
    expect(keys.length).toBeGreaterThanOrEqual(1);
    const texts = await Promise.all(keys.map(async (Key) => (await client.send(new GetObjectCommand({ Bucket: "traces", Key }))).Body!.transformToString()));
    const lines = texts.flatMap((t) => t.trim().split("\n")).map((l) => JSON.parse(l));
    expect(lines.find((l) => l.idempotency_key === idempotencyKey)).toMatchObject({ model: "sandbox/echo", usage: { total_tokens: 17 } });
    client.destroy();
  });
});
