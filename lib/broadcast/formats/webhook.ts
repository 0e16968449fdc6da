// Generic webhook: a JSON POST (or PUT) of { type: "tollgate.traces", traces: [...] } signed with
// HMAC-SHA256 over `${timestamp}.${body}` (README: "Verifying webhook signatures").
import { createHmac } from "node:crypto";
import type { DestinationConfig, OutboundRequest, Trace } from "../types";
import { extraHeaders, str } from "./common";

export const SIGNATURE_HEADER = "x-tollgate-signature";
export const TIMESTAMP_HEADER = "x-tollgate-timestamp";

export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export function buildWebhookRequest(config: DestinationConfig, traces: Trace[], now = new Date()): OutboundRequest {
  const body = JSON.stringify({ type: "tollgate.traces", traces });
  const timestamp = String(Math.floor(now.getTime() / 1000));
  return {
    url: str(config, "url"),
    method: str(config, "method", "POST") === "PUT" ? "PUT" : "POST",
    headers: {
      ...extraHeaders(config),
      "content-type": "application/json",
      "user-agent": "Tollgate-Broadcast/1",
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: webhookSignature(str(config, "signingSecret"), timestamp, body),
    },
    body,
  };
}
