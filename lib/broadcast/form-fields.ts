// The config fields of each destination type as the Broadcast form shows them (keys are the
// wire's camelCase config keys).
import type { SupportedType } from "./types";

export type ConfigField = { key: string; label: string; secret?: boolean; required?: boolean; placeholder?: string; hint?: string };

export const CONFIG_FIELDS: Record<SupportedType, ConfigField[]> = {
  datadog: [
    { key: "apiKey", label: "API key", secret: true, required: true },
    { key: "mlApp", label: "ML app", required: true, placeholder: "my-llm-app", hint: "The LLM Observability application name." },
    { key: "url", label: "Site URL", placeholder: "https://api.datadoghq.com", hint: "e.g. https://api.datadoghq.eu for the EU site." },
  ],
  langfuse: [
    { key: "publicKey", label: "Public key", required: true, placeholder: "pk-lf-…" },
    { key: "secretKey", label: "Secret key", secret: true, required: true, placeholder: "sk-lf-…" },
    { key: "baseUrl", label: "Base URL", placeholder: "https://us.cloud.langfuse.com", hint: "Your Langfuse host (cloud region or self-hosted)." },
  ],
  langsmith: [
    { key: "apiKey", label: "API key", secret: true, required: true },
    { key: "project", label: "Project", placeholder: "main" },
    { key: "endpoint", label: "Endpoint", placeholder: "https://api.smith.langchain.com" },
    { key: "workspaceId", label: "Workspace id (optional)" },
  ],
  braintrust: [
    { key: "apiKey", label: "API key", secret: true, required: true },
    { key: "projectId", label: "Project id", required: true },
    { key: "baseUrl", label: "Base URL", placeholder: "https://api.braintrust.dev" },
  ],
  "otel-collector": [{ key: "endpoint", label: "OTLP/HTTP endpoint", required: true, placeholder: "http://collector:4318", hint: "Traces are sent to <endpoint>/v1/traces as OTLP JSON." }],
  s3: [
    { key: "bucketName", label: "Bucket", required: true },
    { key: "accessKeyId", label: "Access key id", required: true },
    { key: "secretAccessKey", label: "Secret access key", secret: true, required: true },
    { key: "region", label: "Region", placeholder: "us-east-1" },
    { key: "endpoint", label: "Endpoint (S3-compatible)", placeholder: "https://minio.example.com", hint: "Leave empty for AWS S3." },
    { key: "prefix", label: "Prefix", placeholder: "openrouter-traces" },
    { key: "pathTemplate", label: "Path template", placeholder: "{prefix}/{date}" },
  ],
  webhook: [
    { key: "url", label: "URL", required: true, placeholder: "https://example.com/tollgate-traces" },
    { key: "signingSecret", label: "Signing secret", secret: true, required: true, hint: "Receivers verify x-tollgate-signature with it (HMAC-SHA256, see the README)." },
  ],
};
