// Pure payload builders against the documented formats (the integration tests send them for real).
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { buildTrace } from "../trace";
import { buildRequest } from "../send";
import { dottedOrder } from "./langsmith";
import { langfuseResponseError } from "./langfuse";
import { otlpTracesUrl } from "./otel";
import { s3ObjectKey } from "./s3";
import { buildWebhookRequest } from "./webhook";

const trace = buildTrace(
  { id: "gen-9", createdAt: new Date("2026-03-04T05:06:07.089Z"), model: "m/x", status: 200, costMicros: 0n, promptTokens: 1, completionTokens: 2 },
  { id: "dest", privacyMode: true },
  null,
);

describe("formats", () => {
  it("default URLs follow the contract when the config has none", () => {
    expect(buildRequest({ type: "datadog", config: { apiKey: "k", mlApp: "a" } }, [trace]).url).toBe("https://api.datadoghq.com/api/intake/llm-obs/v1/trace/spans");
    expect(buildRequest({ type: "langfuse", config: { publicKey: "p", secretKey: "s" } }, [trace]).url).toBe("https://us.cloud.langfuse.com/api/public/ingestion");
    expect(buildRequest({ type: "langsmith", config: { apiKey: "k" } }, [trace]).url).toBe("https://api.smith.langchain.com/runs/batch");
    expect(buildRequest({ type: "braintrust", config: { apiKey: "k", projectId: "p 1" } }, [trace]).url).toBe("https://api.braintrust.dev/v1/project_logs/p%201/insert");
  });

  it("OTLP endpoint: a base gets /v1/traces, a full traces URL is kept", () => {
    expect(otlpTracesUrl("http://collector:4318/")).toBe("http://collector:4318/v1/traces");
    expect(otlpTracesUrl("http://collector:4318/v1/traces")).toBe("http://collector:4318/v1/traces");
  });

  it("LangSmith dotted_order is the start time in microseconds then the run id", () => {
    expect(dottedOrder("2026-03-04T05:06:07.089Z", "abc")).toBe("20260304T050607089000Zabc");
  });

  it("a Langfuse 207 with errors fails the batch; without errors it passes", () => {
    expect(langfuseResponseError(207, JSON.stringify({ successes: [], errors: [{ id: "e1", status: 400, message: "Invalid body" }] }))).toMatch(/Invalid body/);
    expect(langfuseResponseError(207, JSON.stringify({ successes: [{ id: "e1", status: 201 }], errors: [] }))).toBeNull();
    expect(langfuseResponseError(200, "")).toBeNull();
  });

  it("S3 keys follow the path template, per day, and differ per batch", () => {
    const key = s3ObjectKey({ prefix: "p", pathTemplate: "logs/{prefix}/{date}" }, [trace]);
    expect(key).toMatch(/^logs\/p\/2026-03-04\/2026-03-04T05-06-07-089Z-[0-9a-f]{16}\.jsonl$/);
    expect(s3ObjectKey({}, [trace])).toMatch(/^openrouter-traces\/2026-03-04\//);
    expect(s3ObjectKey({}, [{ ...trace, idempotency_key: "other" }])).not.toBe(s3ObjectKey({}, [trace]));
  });

  it("the webhook signature is HMAC-SHA256 of `${timestamp}.${body}` with the signing secret", () => {
    const req = buildWebhookRequest({ url: "https://example.test/h", signingSecret: "s3cr3t", method: "PUT" }, [trace], new Date(1_700_000_000_000));
    expect(req.method).toBe("PUT");
    expect(req.headers["x-tollgate-timestamp"]).toBe("1700000000");
    expect(req.headers["x-tollgate-signature"]).toBe(`v1=${createHmac("sha256", "s3cr3t").update(`1700000000.${req.body}`).digest("hex")}`);
    expect(JSON.parse(req.body).traces[0].idempotency_key).toBe("dest:gen-9");
  });
});
