// S3 (or any S3-compatible store): one JSON Lines object per batch, through @aws-sdk/client-s3.
// Key: pathTemplate ({prefix}/{date}) + "/<first trace time>-<hash of the batch's idempotency keys>.jsonl".
import { createHash } from "node:crypto";
import type { DestinationConfig, Trace } from "../types";
import { str } from "./common";

export const S3_DEFAULT_PREFIX = "openrouter-traces";
export const S3_DEFAULT_TEMPLATE = "{prefix}/{date}";

export function s3ObjectKey(config: DestinationConfig, traces: Trace[]): string {
  const first = traces[0]?.timestamp ?? new Date().toISOString();
  const folder = str(config, "pathTemplate", S3_DEFAULT_TEMPLATE)
    .replaceAll("{prefix}", str(config, "prefix", S3_DEFAULT_PREFIX))
    .replaceAll("{date}", first.slice(0, 10))
    .replace(/^\/+|\/+$/g, "");
  const hash = createHash("sha256").update(traces.map((t) => t.idempotency_key).join("\n")).digest("hex").slice(0, 16);
  return `${folder}/${first.replace(/[:.]/g, "-")}-${hash}.jsonl`;
}

export const s3Body = (traces: Trace[]) => traces.map((t) => JSON.stringify(t)).join("\n") + "\n";
