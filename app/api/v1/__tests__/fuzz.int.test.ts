// Issue 14: a few thousand hostile requests over every /api/v1 route file (found on disk, so a new
// route is fuzzed without editing this file), straight into the real route handlers with NextRequest
// objects, as a signed-in Admin, a management key, an inference key or nobody. Whatever arrives (bad
// methods, NUL / surrogate / malformed-escape / huge path ids, hostile query strings, wrong types,
// deep nesting, huge or malformed bodies), the answer is never a 5xx, and every error is the envelope.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import fc from "fast-check";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { sessionCookie } from "@/lib/testing/http";
import { createApiKeyFor, createOrganizationFor, createUser } from "@/prisma/factories";

const V1 = join(process.cwd(), "app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const TIME_BUDGET_MS = 45_000;
const RUNS = 3_000;

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type Route = { path: string; segments: string[]; handlers: Partial<Record<string, Handler>> };

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? (e.name === "__tests__" ? [] : routeFiles(join(dir, e.name))) : e.name === "route.ts" ? [join(dir, e.name)] : [],
  );
}

let routes: Route[] = [];
let callers: { name: string; headers: Record<string, string> }[] = [];

beforeAll(async () => {
  for (const file of routeFiles(V1)) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    const handlers = Object.fromEntries(METHODS.filter((m) => typeof mod[m] === "function").map((m) => [m, mod[m] as Handler]));
    const segments = relative(V1, file).split("/").slice(0, -1);
    routes.push({ path: `/api/v1/${segments.join("/")}`, segments, handlers });
  }
  routes = routes.filter((r) => Object.keys(r.handlers).length);
  const admin = await createUser();
  const { account } = await createOrganizationFor(admin.id);
  const management = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);
  const inference = await createApiKeyFor(account.id, "INFERENCE", admin.id);
  const cookie = await sessionCookie(admin.id);
  callers = [
    { name: "session", headers: { cookie, "x-tollgate-account": account.slug! } },
    { name: "session, personal, same origin", headers: { cookie, origin: "http://localhost" } },
    { name: "management key", headers: { authorization: `Bearer ${management.key}` } },
    { name: "inference key", headers: { authorization: `Bearer ${inference.key}` } },
    { name: "nobody", headers: {} },
  ];
}, 120_000);

const NUL = "\u0000";
const hostileText = fc.oneof(
  fc.constantFrom(`a${NUL}b`, "\uD800", "x\uDC00", "%E0%A4%A", "%", "%00", "../../etc/passwd", "'; DROP TABLE users; --", "😀", "", " ", "null", "-1", "1e309", "true"),
  fc.string({ maxLength: 40 }),
  fc.fullUnicodeString({ maxLength: 20 }),
  fc.string({ unit: fc.constantFrom("\u0000", "\uD800", "a", "%", "\\"), maxLength: 10 }),
  fc.constant("x".repeat(20_000)),
);
const pathId = fc.oneof(hostileText, fc.constantFrom("cm0000000000000000000000", "sk-tg-v1-abc", "0", "personal"));

const QUERY_KEYS = ["limit", "offset", "cursor", "period", "from", "to", "date", "format", "group_by", "model", "user", "api_key", "api_key_hash", "provider", "include_disabled", "q", "id", "status", "workspace_id", "user_id", "since"];
// Encoded (a lone surrogate cannot be percent-encoded: it goes as the URL parser writes it) or raw (malformed escapes).
const enc = (s: string, raw: boolean) => (raw ? s.replace(/[&#]/g, "") : encodeURIComponent(s.toWellFormed()));
const queryString = fc
  .array(fc.tuple(fc.oneof(fc.constantFrom(...QUERY_KEYS), hostileText), fc.oneof(hostileText, fc.constantFrom("30d", "7d", "csv", "pdf", "model", "generation", "-5", "99999999999")), fc.boolean()), { maxLength: 5 })
  .map((pairs) => pairs.map(([k, v, raw]) => `${enc(k, raw)}=${enc(v, raw)}`).join("&"));

function deep(depth: number, leaf: string) {
  return "[".repeat(depth) + leaf + "]".repeat(depth);
}
const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.dictionary(fc.constantFrom("name", "limit", "model", "messages", "user", "email", "role", "type", "config", "key_hashes", "member_user_ids", "amount", "disabled", "expires_at", "confirm_name", "token"), fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileText), { maxKeys: 5 }).map((v) => JSON.stringify(v)),
  fc.constantFrom("{", "[", '{"name":', "\u0000", "undefined", "NaN", '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}'),
  fc.integer({ min: 100, max: 20_000 }).map((d) => `{"name":"x","deep":${deep(d, "1")}}`),
  fc.constant(JSON.stringify({ name: "n".repeat(2_000_000) })),
  hostileText.map((t) => JSON.stringify({ name: t, model: t, messages: [{ role: "user", content: t }], user: t })),
);
const contentType = fc.constantFrom("application/json", "application/json", "application/json", "text/plain", "application/x-www-form-urlencoded", "");

describe("fuzzing every /api/v1 route", () => {
  it(`finds every route file and survives ${RUNS} hostile requests without a 5xx, errors in the envelope`, async () => {
    expect(routes.length).toBeGreaterThanOrEqual(45);
    const started = Date.now();
    let requests = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.nat(), fc.nat(), fc.constantFrom(...METHODS), fc.boolean(), fc.array(pathId, { minLength: 1, maxLength: 3 }), queryString, fc.option(jsonBody, { freq: 3 }), contentType,
        fc.option(hostileText.filter((t) => !/[\0\r\n]/.test(t) && !/[^\u0000-\u00ff]/.test(t))),
        async (ri, ci, method, useExported, ids, query, body, type, accountHeader) => {
          const route = routes[ri % routes.length];
          const exported = Object.keys(route.handlers);
          const m = useExported || !route.handlers[method] ? exported[ri % exported.length] : method;
          const caller = callers[ci % callers.length];
          const params: Record<string, string | string[]> = {};
          let i = 0;
          for (const seg of route.segments) {
            const catchAll = /^\[\[?\.\.\.(\w+)\]\]?$/.exec(seg);
            const dynamic = /^\[(\w+)\]$/.exec(seg);
            if (catchAll) params[catchAll[1]] = ids;
            else if (dynamic) params[dynamic[1]] = ids[i++ % ids.length];
          }
          const headers: Record<string, string> = { ...caller.headers };
          if (accountHeader !== null && accountHeader.trim() === accountHeader && headers.cookie) headers["x-tollgate-account"] = accountHeader;
          const hasBody = body !== null && m !== "GET";
          if (hasBody && type) headers["content-type"] = type;
          const req = new NextRequest(new URL(`${route.path}?${query}`, "http://localhost"), { method: m, headers, body: hasBody ? body : undefined });
          const res = await route.handlers[m]!(req, { params: Promise.resolve(params) });
          requests += 1;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const where = `${m} ${route.path} as ${caller.name} params=${JSON.stringify(params).slice(0, 200)} query=${query.slice(0, 200)}`;
          expect(res.status, where).toBeLessThan(500);
          if (res.status >= 400) {
            const text = await res.text();
            const parsed = JSON.parse(text);
            expect(parsed.error?.code, where).toBe(res.status);
            expect(typeof parsed.error?.message, where).toBe("string");
          } else {
            await res.body?.cancel();
          }
        },
      ),
      { numRuns: RUNS, interruptAfterTimeLimit: TIME_BUDGET_MS, markInterruptAsFailure: false },
    );
    const elapsed = Date.now() - started;
    console.log(`[fuzz] ${requests} requests over ${routes.length} route files in ${elapsed} ms; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(elapsed).toBeLessThan(60_000);
    expect(requests).toBeGreaterThanOrEqual(1_000);
  }, 90_000);
});
