// Sends a batch of traces to one destination. Never throws: the result says delivered or why not.
// Every call has a timeout, so a slow or dead destination holds up only its own rows.
import { buildBraintrustRequest } from "./formats/braintrust";
import { str } from "./formats/common";
import { buildDatadogRequest } from "./formats/datadog";
import { buildLangfuseRequest, langfuseResponseError } from "./formats/langfuse";
import { buildLangsmithRequest } from "./formats/langsmith";
import { buildOtelRequest } from "./formats/otel";
import { s3Body, s3ObjectKey } from "./formats/s3";
import { buildWebhookRequest } from "./formats/webhook";
import type { DestinationConfig, OutboundRequest, ResolvedDestination, SupportedType, Trace } from "./types";

export const SEND_TIMEOUT_MS = 10_000;

export type SendResult = { ok: true; latencyMs: number } | { ok: false; latencyMs: number; error: string };

const BUILDERS: Record<Exclude<SupportedType, "s3">, (config: DestinationConfig, traces: Trace[]) => OutboundRequest> = {
  datadog: buildDatadogRequest,
  langfuse: buildLangfuseRequest,
  langsmith: buildLangsmithRequest,
  braintrust: buildBraintrustRequest,
  "otel-collector": buildOtelRequest,
  webhook: buildWebhookRequest,
};

export function buildRequest(destination: Pick<ResolvedDestination, "type" | "config">, traces: Trace[]): OutboundRequest {
  if (destination.type === "s3") throw new Error("S3 destinations are written through the S3 client.");
  return BUILDERS[destination.type](destination.config, traces);
}

const describe = (error: unknown) => {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `Timed out after ${SEND_TIMEOUT_MS / 1000} s.`;
  return [e?.message ?? String(error), e?.cause?.code ?? e?.cause?.message].filter(Boolean).join(": ");
};

export async function sendTraces(destination: ResolvedDestination, traces: Trace[], timeoutMs = SEND_TIMEOUT_MS): Promise<SendResult> {
  const started = Date.now();
  try {
    if (destination.type === "s3") await putS3(destination.config, traces, timeoutMs);
    else {
      const request = buildRequest(destination, traces);
      const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(timeoutMs), redirect: "error" });
      const text = await response.text().catch(() => "");
      if (!response.ok) return { ok: false, latencyMs: Date.now() - started, error: `HTTP ${response.status}${text ? `: ${text.slice(0, 300)}` : ""}` };
      const partial = destination.type === "langfuse" ? langfuseResponseError(response.status, text) : null;
      if (partial) return { ok: false, latencyMs: Date.now() - started, error: partial };
    }
    return { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    return { ok: false, latencyMs: Date.now() - started, error: describe(error) };
  }
}

// The AWS SDK is loaded on the first S3 delivery only: it is large, and most servers never need it.
async function putS3(config: DestinationConfig, traces: Trace[], timeoutMs: number) {
  const { PutObjectCommand, S3Client } = await import("@aws-sdk/client-s3");
  const endpoint = str(config, "endpoint");
  const sessionToken = str(config, "sessionToken");
  const client = new S3Client({
    region: str(config, "region", "us-east-1"),
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    credentials: { accessKeyId: str(config, "accessKeyId"), secretAccessKey: str(config, "secretAccessKey"), ...(sessionToken ? { sessionToken } : {}) },
    maxAttempts: 1,
  });
  try {
    await client.send(
      new PutObjectCommand({ Bucket: str(config, "bucketName"), Key: s3ObjectKey(config, traces), Body: s3Body(traces), ContentType: "application/x-ndjson" }),
      { abortSignal: AbortSignal.timeout(timeoutMs) },
    );
  } finally {
    client.destroy();
  }
}
