// One check at the edge for every /api/v1 input (body, query string, path parameters, header values
// used as data): no NUL characters (PostgreSQL's text refuses them: a 500 deep in a service) and no
// unpaired UTF-16 surrogates (not encodable as UTF-8: stored as U+FFFD or refused), before zod runs.
// The walk is iterative, so a deeply nested body cannot overflow the stack; past MAX_DEPTH it is a 400.
import { badRequest } from "./errors";

/** Deeper JSON than this is refused (no request schema nests anywhere near it). */
export const MAX_DEPTH = 64;

const UNSAFE_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isUnsafeText(text: string): boolean {
  return UNSAFE_TEXT.test(text);
}

/** A field name fit for a message: unsafe characters of an object key are shown escaped. */
function fieldName(where: string, path: (string | number)[]): string {
  return [where, ...path.map((p) => (typeof p === "string" && isUnsafeText(p) ? JSON.stringify(p).slice(1, -1) : p))].join(".");
}

function refuse(where: string, path: (string | number)[]) {
  const field = fieldName(where, path);
  return badRequest(`Invalid request: ${field} contains a NUL character or an unpaired UTF-16 surrogate.`, {
    field,
    issues: [{ path, message: "Contains a NUL character or an unpaired UTF-16 surrogate.", code: "invalid_string" }],
  });
}

/**
 * Throws a 400 naming the first field (`body.messages.0.content`, `query.model`, `params.hash`) whose
 * text, or whose object key, is unsafe. `where` is the part of the request: body, query or params.
 */
export function assertCleanInput(where: "body" | "query" | "params", value: unknown): void {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const item = stack.pop()!;
    const v = item.value;
    if (typeof v === "string") {
      if (isUnsafeText(v)) throw refuse(where, item.path);
      continue;
    }
    if (!v || typeof v !== "object") continue;
    if (item.path.length >= MAX_DEPTH) {
      const field = fieldName(where, item.path);
      throw badRequest(`Invalid request: ${field} is nested more than ${MAX_DEPTH} levels deep.`, { field });
    }
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...item.path, i] });
      continue;
    }
    const entries = Object.entries(v);
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (isUnsafeText(key)) throw refuse(where, [...item.path, key]);
      stack.push({ value: child, path: [...item.path, key] });
    }
  }
}

/** A query string as the object route schemas parse, checked. */
export function cleanQuery(searchParams: URLSearchParams): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of searchParams) {
    if (isUnsafeText(name) || isUnsafeText(value)) throw refuse("query", [name]);
    query[name] = value;
  }
  return query;
}

// Header values arrive as latin1 text: anything but printable ASCII is a control character or
// mojibake (bytes of another encoding), never data we want in a record.
const UNSAFE_HEADER = /[^\t\x20-\x7e]/;

/** A header value we store as data (http-referer, user-agent): a bad one is dropped, not a 400. */
export function dataHeader(value: string | null | undefined): string | null {
  if (value == null || UNSAFE_HEADER.test(value)) return null;
  return value;
}

/** A header value that selects something (x-tollgate-account): a bad one is a 400 naming it. */
export function requiredCleanHeader(name: string, value: string | null): string | null {
  if (value != null && UNSAFE_HEADER.test(value)) {
    throw badRequest(`Invalid request: headers.${name} contains characters outside printable ASCII.`, { field: `headers.${name}` });
  }
  return value;
}
