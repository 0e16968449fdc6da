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
import { outboundFetch } from "../net/outbound-fetch";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { assertOutboundUrl, effectivePort, OutboundRefusedError, policyLookup } from "../net/outbound-policy";

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
  if (error instanceof OutboundRefusedError) return `Refused by the outbound policy: ${error.message}`;
  if (e?.name === "TimeoutError" || e?.name === "AbortError") return `Timed out after ${SEND_TIMEOUT_MS / 1000} s.`;
  return [e?.message ?? String(error), e?.cause?.code ?? e?.cause?.message].filter(Boolean).join(": ");
};

export async function sendTraces(destination: ResolvedDestination, traces: Trace[], timeoutMs = SEND_TIMEOUT_MS): Promise<SendResult> {
  const started = Date.now();
  try {
    if (destination.type === "s3") await putS3(destination.config, traces, timeoutMs);
    else {
      const request = buildRequest(destination, traces);
      const response = await outboundFetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal: AbortSignal.timeout(timeoutMs) });
      const text = response.text;
      if (!response.ok) {
        const message = errorMessageOf(text);
        return { ok: false, latencyMs: Date.now() - started, error: `HTTP ${response.status}${message ? `: ${message}` : ""}` };
      }
      const partial = destination.type === "langfuse" ? langfuseResponseError(response.status, text) : null;
      if (partial) return { ok: false, latencyMs: Date.now() - started, error: partial };
    }
    return { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    return { ok: false, latencyMs: Date.now() - started, error: describe(error) };
  }
}

/**
 * A short, sanitised reason from a refusal's body: the message field of a JSON error, or a one-line
 * plain-text answer; never a page (HTML) or a long body, which could be another service's content.
 */
export function errorMessageOf(text: string): string | null {
  const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]+/g, " ").replace(/\s+/g, " ").trim().slice(0, 200) || null;
  const trimmed = text.trim();
  if (!trimmed) return null;
  try {
    const body = JSON.parse(trimmed) as Record<string, unknown>;
    const error = body?.error as Record<string, unknown> | string | undefined;
    const errors = body?.errors as { message?: unknown }[] | undefined;
    const candidates = [body?.message, typeof error === "string" ? error : error?.message, body?.detail, body?.error_description, Array.isArray(errors) ? errors[0]?.message : undefined];
    const found = candidates.find((c): c is string => typeof c === "string" && c.trim() !== "");
    return found ? clean(found) : null;
  } catch {
    return trimmed.length <= 200 && !trimmed.includes("<") && !trimmed.includes("\n") ? clean(trimmed) : null;
  }
}

// The AWS SDK is loaded on the first S3 delivery only: it is large, and most servers never need it.
async function putS3(config: DestinationConfig, traces: Trace[], timeoutMs: number) {
  const { PutObjectCommand, S3Client } = await import("@aws-sdk/client-s3");
  const endpoint = str(config, "endpoint");
  const sessionToken = str(config, "sessionToken");
  // Every connection the SDK opens resolves through the outbound policy (an endpoint is the user's URL).
  // An address endpoint (http://10.0.0.5:9000) never reaches a lookup hook: it is checked here.
  const target = endpoint ? (await assertOutboundUrl(endpoint)).url : null;
  const lookup = policyLookup(target ? effectivePort(target) : 443);
  const client = new S3Client({
    region: str(config, "region", "us-east-1"),
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    requestHandler: { httpAgent: new HttpAgent({ lookup }), httpsAgent: new HttpsAgent({ lookup }) },
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
