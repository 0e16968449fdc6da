import { z } from "zod";
import { DESTINATION_TYPES, SUPPORTED_TYPES, type SupportedType } from "../broadcast/types";
import { paginationSchema } from "./pagination";

const required = (what: string) => z.string({ error: `${what} is required.` }).trim().min(1, `${what} is required.`).max(4096, `${what} is too long.`);
const optional = (what: string) => z.string().trim().max(4096, `${what} is too long.`).optional();
const httpUrl = (what: string) =>
  z
    .string({ error: `${what} is required.` })
    .trim()
    .url(`${what} must be a URL, e.g. https://example.com.`)
    .refine((u) => /^https?:\/\//i.test(u), `${what} must start with http:// or https://.`);
const headers = z.record(z.string(), z.string()).optional();

/** Per-type config (camelCase, as on the wire); unknown keys are dropped. */
export const CONFIG_SCHEMAS: Record<SupportedType, z.ZodType<Record<string, unknown>>> = {
  datadog: z.object({ apiKey: required("API key"), mlApp: required("ML app"), url: httpUrl("Site URL").optional(), headers }),
  langfuse: z.object({ publicKey: required("Public key"), secretKey: required("Secret key"), baseUrl: httpUrl("Base URL").optional(), headers }),
  langsmith: z.object({ apiKey: required("API key"), endpoint: httpUrl("Endpoint").optional(), project: optional("Project"), workspaceId: optional("Workspace id"), headers }),
  braintrust: z.object({ apiKey: required("API key"), projectId: required("Project id"), baseUrl: httpUrl("Base URL").optional(), headers }),
  "otel-collector": z.object({ endpoint: httpUrl("Endpoint"), headers }),
  s3: z.object({
    bucketName: required("Bucket name"),
    accessKeyId: required("Access key id"),
    secretAccessKey: required("Secret access key"),
    region: optional("Region"),
    endpoint: httpUrl("Endpoint").optional(),
    sessionToken: optional("Session token"),
    prefix: optional("Prefix"),
    pathTemplate: optional("Path template"),
    headers,
  }),
  webhook: z.object({ url: httpUrl("URL"), method: z.enum(["POST", "PUT"], { error: "method is POST or PUT." }).optional(), signingSecret: z.string().trim().min(16, "The signing secret needs at least 16 characters.").max(256).optional(), headers }),
};

export const destinationTypeSchema = z.enum(DESTINATION_TYPES, { error: `type must be one of: ${DESTINATION_TYPES.join(", ")}.` }).refine(
  (t): t is SupportedType => (SUPPORTED_TYPES as readonly string[]).includes(t),
  { error: (issue) => `This instance cannot send to "${String(issue.input)}" yet; supported types: ${SUPPORTED_TYPES.join(", ")}.` },
);

const filterRulesSchema = z
  .object({
    enabled: z.boolean().optional(),
    groups: z.array(
      z.object({
        logic: z.enum(["and", "or"]).optional(),
        rules: z.array(z.object({ field: z.string().min(1), operator: z.string().min(1), value: z.union([z.string(), z.number()]).optional() })),
      }),
    ),
  })
  .nullable();

const regionsSchema = z
  .array(z.enum(["global", "europe", "us", "eu"]))
  .min(1, "Give at least one region.")
  .transform((list) => [...new Set(list.map((r) => (r === "eu" ? "europe" : r)))]);

const shared = {
  name: z.string({ error: "A name is required." }).trim().min(1, "A name is required.").max(100, "Use at most 100 characters."),
  config: z.record(z.string(), z.unknown(), { error: "config must be an object." }),
  enabled: z.boolean(),
  privacy_mode: z.boolean(),
  broadcast_generation_cost: z.boolean(),
  broadcast_generation_identity: z.boolean(),
  broadcast_generation_request_context: z.boolean(),
  sampling_rate: z.number({ error: "sampling_rate is a number from 0.0001 to 1." }).min(0.0001, "sampling_rate is at least 0.0001.").max(1, "sampling_rate is at most 1."),
  regions: regionsSchema,
  api_key_hashes: z.array(z.string().trim().min(1).max(200)).max(500).nullable().transform((l) => (l ? [...new Set(l)] : null)),
  filter_rules: filterRulesSchema,
};

export const createDestinationSchema = z.object({
  type: destinationTypeSchema,
  name: shared.name,
  config: shared.config,
  enabled: shared.enabled.default(true),
  privacy_mode: shared.privacy_mode.default(false),
  broadcast_generation_cost: shared.broadcast_generation_cost.default(false),
  broadcast_generation_identity: shared.broadcast_generation_identity.default(false),
  broadcast_generation_request_context: shared.broadcast_generation_request_context.default(false),
  sampling_rate: shared.sampling_rate.optional(),
  regions: shared.regions.optional(),
  api_key_hashes: shared.api_key_hashes.optional(),
  filter_rules: shared.filter_rules.optional(),
  workspace_id: z.string().min(1).optional(),
});
export type CreateDestinationInput = z.input<typeof createDestinationSchema>;

export const updateDestinationSchema = z.object({
  name: shared.name.optional(),
  config: shared.config.optional(), // merged: a secret left out (or sent back masked) keeps its value
  enabled: shared.enabled.optional(),
  privacy_mode: shared.privacy_mode.optional(),
  broadcast_generation_cost: shared.broadcast_generation_cost.optional(),
  broadcast_generation_identity: shared.broadcast_generation_identity.optional(),
  broadcast_generation_request_context: shared.broadcast_generation_request_context.optional(),
  sampling_rate: shared.sampling_rate.optional(),
  regions: shared.regions.optional(),
  api_key_hashes: shared.api_key_hashes.optional(),
  filter_rules: shared.filter_rules.optional(),
});
export type UpdateDestinationInput = z.input<typeof updateDestinationSchema>;

/** Test Connection: a new destination's type and config, or an existing one (its stored secrets fill what is left out). */
export const testDestinationSchema = z.object({ type: destinationTypeSchema, config: shared.config, destination_id: z.string().min(1).optional() });
export type TestDestinationInput = z.input<typeof testDestinationSchema>;

export const listDestinationsSchema = paginationSchema.extend({ workspace_id: z.string().min(1).optional() });

export const DELIVERY_STATUSES = ["delivered", "retrying", "pending", "failed"] as const;
export const listDeliveriesSchema = paginationSchema.extend({ status: z.enum(DELIVERY_STATUSES).optional() });
export type ListDeliveriesQuery = z.input<typeof listDeliveriesSchema>;

export const replayDeliveriesSchema = z.object({ since: z.iso.datetime({ offset: true, error: "since must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z." }) });

/** Validates a full config for its type; issues are reported under `config.<field>`. */
export function parseDestinationConfig(type: SupportedType, config: Record<string, unknown>): Record<string, unknown> {
  return z.object({ config: CONFIG_SCHEMAS[type] }).parse({ config }).config;
}
