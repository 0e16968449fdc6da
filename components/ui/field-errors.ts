import type { ErrorBody } from "@/lib/api/errors";

/** Maps an error envelope to { field: message } for forms (zod issues, or metadata.field). */
export function fieldErrors(error: ErrorBody["error"]): Record<string, string> {
  const out: Record<string, string> = {};
  const issues = (error.metadata?.issues ?? []) as { path: (string | number)[]; message: string }[];
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "");
    if (key && !out[key]) out[key] = issue.message;
  }
  const field = error.metadata?.field;
  if (typeof field === "string" && !out[field]) out[field] = error.message;
  return out;
}
