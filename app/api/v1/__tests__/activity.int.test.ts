// Activity over the API: GET /activity to the letter of API_CONTRACT §7, the report, the Logs list,
// and the CSV and PDF exports (parsed back, rendered with poppler), with Members scoped to their own keys.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { callRoute, sessionCookie, type As } from "@/lib/testing/http";
import { ACCOUNT_HEADER } from "@/lib/api/handler";
import { db, postgresPool } from "@/lib/db";
import { addMember, createApiKeyFor, createGenerations, createOrganizationFor, createUser } from "@/prisma/factories";
import * as activityRoute from "../activity/route";
import * as reportRoute from "../activity/report/route";
import * as exportRoute from "../activity/export/route";
import * as generationsRoute from "../activity/generations/route";
import * as generationRoute from "../activity/generations/[id]/route";

const DAY = 86_400_000;
const today = new Date(Math.floor(Date.now() / DAY) * DAY);
const daysAgo = (n: number, hour = 10) => new Date(today.getTime() - n * DAY + hour * 3_600_000);
const QUOTED_USER = 'alice, "the analyst"';

let slug: string;
let accountId: string;
let users: Record<"admin" | "member" | "billing", { id: string }>;
let keys: Record<"admin" | "member" | "mgmt" | "inference", { id: string; key: string; hash: string; name: string }>;

type Handler = (req: NextRequest, ctx: { params?: Promise<Record<string, string>> }) => Promise<Response>;

/** The handler's Response, its body not yet read. */
async function open(handler: Handler, path: string, as: As) {
  const headers: Record<string, string> = {};
  if (as.userId) headers.cookie = await sessionCookie(as.userId);
  if (as.apiKey) headers.authorization = `Bearer ${as.apiKey}`;
  if (as.account) headers[ACCOUNT_HEADER] = as.account;
  return handler(new NextRequest(new URL(path, "http://localhost"), { headers }), { params: Promise.resolve({}) });
}

async function raw(handler: Handler, path: string, as: As) {
  const res = await open(handler, path, as);
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

beforeAll(async () => {
  const [admin, member, billing] = await Promise.all([createUser(), createUser(), createUser()]);
  users = { admin, member, billing };
  const { account } = await createOrganizationFor(admin.id);
  slug = account.slug!;
  accountId = account.id;
  await addMember(account.id, member.id, "MEMBER");
  await addMember(account.id, billing.id, "BILLING");
  keys = {
    admin: await createApiKeyFor(account.id, "INFERENCE", admin.id),
    member: await createApiKeyFor(account.id, "INFERENCE", member.id),
    mgmt: await createApiKeyFor(account.id, "MANAGEMENT", admin.id),
    inference: await createApiKeyFor(account.id, "INFERENCE", admin.id),
  };
  const common = { providerSlug: "sandbox-a", endpointId: "ep-a", promptTokens: 100, completionTokens: 50, reasoningTokens: 5, latencyMs: 120 };
  await createGenerations(account.id, [
    { ...common, createdAt: daysAgo(1), model: "m/alpha", apiKeyId: keys.admin.id, keyCreatorId: admin.id, costMicros: 1_250_000n },
    { ...common, createdAt: daysAgo(1, 23), model: "m/alpha", apiKeyId: keys.admin.id, keyCreatorId: admin.id, costMicros: 750_000n },
    { ...common, createdAt: daysAgo(1, 11), model: "m/beta", apiKeyId: keys.member.id, keyCreatorId: member.id, endUser: QUOTED_USER, costMicros: 333_333n },
    { ...common, createdAt: daysAgo(3), model: "m/beta", apiKeyId: keys.member.id, keyCreatorId: member.id, costMicros: 0n, isByok: true, upstreamCostMicros: 2_000_000n },
    { ...common, createdAt: daysAgo(3, 5), model: "m/alpha", apiKeyId: keys.admin.id, keyCreatorId: admin.id, status: 502, promptTokens: 0, completionTokens: 0, costMicros: 0n },
    // Refused before any provider: counted in charts, left out of GET /activity.
    { createdAt: daysAgo(2), model: "m/unknown", apiKeyId: keys.admin.id, keyCreatorId: admin.id, status: 404 },
    // Stored bodies (prompt logging on): the Logs drawer shows them.
    { ...common, createdAt: daysAgo(2, 9), model: "m/alpha", apiKeyId: keys.admin.id, keyCreatorId: admin.id, requestBody: { messages: [{ role: "user", content: "logged prompt" }] } as never, responseBody: [{ message: { content: "logged answer" } }] as never },
    // Today is not a complete day: not in GET /activity.
    { ...common, createdAt: new Date(), model: "m/alpha", apiKeyId: keys.admin.id, keyCreatorId: admin.id, costMicros: 10_000_000n },
  ]);
});

const mgmt = () => ({ apiKey: keys.mgmt.key });
const session = (who: keyof typeof users): As => ({ userId: users[who].id, account: slug });

describe("GET /api/v1/activity", () => {
  it("returns one item per day × model × endpoint over the last 30 complete UTC days, with the contract's fields and types", async () => {
    const res = await callRoute(activityRoute.GET as never, { path: "/api/v1/activity", as: mgmt() });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(Object.keys(res.body)).toEqual(["data"]);
    const items = res.body.data as Record<string, unknown>[];
    const day1 = new Date(today.getTime() - DAY).toISOString().slice(0, 10);
    const day3 = new Date(today.getTime() - 3 * DAY).toISOString().slice(0, 10);
    const day2 = new Date(today.getTime() - 2 * DAY).toISOString().slice(0, 10);
    expect(items.map((i) => `${i.date} ${i.model}`).sort()).toEqual([`${day1} m/alpha`, `${day1} m/beta`, `${day2} m/alpha`, `${day3} m/alpha`, `${day3} m/beta`].sort());
    const alpha = items.find((i) => i.date === day1 && i.model === "m/alpha")!;
    expect(alpha).toEqual({
      date: day1, model: "m/alpha", model_permaslug: "m/alpha", endpoint_id: "ep-a", provider_name: expect.any(String),
      requests: 2, prompt_tokens: 200, completion_tokens: 100, reasoning_tokens: 10, usage: 2, byok_usage_inference: 0,
    });
    for (const i of items) {
      for (const k of ["requests", "prompt_tokens", "completion_tokens", "reasoning_tokens"]) expect(Number.isInteger(i[k])).toBe(true);
      expect(typeof i.usage).toBe("number");
    }
    expect(items.find((i) => i.date === day3 && i.model === "m/beta")).toMatchObject({ usage: 0, byok_usage_inference: 2 });
  });

  it("filters by date, api_key_hash and user_id, and adds workspace_id for group_by=workspace", async () => {
    const day3 = new Date(today.getTime() - 3 * DAY).toISOString().slice(0, 10);
    const byDate = await callRoute(activityRoute.GET as never, { path: `/api/v1/activity?date=${day3}`, as: mgmt() });
    expect(byDate.body.data.map((i: { date: string }) => i.date)).toEqual([day3, day3]);
    const byKey = await callRoute(activityRoute.GET as never, { path: `/api/v1/activity?api_key_hash=${keys.member.hash}`, as: mgmt() });
    expect(byKey.body.data.map((i: { model: string }) => i.model)).toEqual(["m/beta", "m/beta"]);
    const byUser = await callRoute(activityRoute.GET as never, { path: `/api/v1/activity?user_id=${users.admin.id}`, as: mgmt() });
    expect(byUser.body.data.every((i: { model: string }) => i.model === "m/alpha")).toBe(true);
    const ws = await callRoute(activityRoute.GET as never, { path: "/api/v1/activity?group_by=workspace", as: mgmt() });
    expect(ws.body.data.every((i: { workspace_id: string }) => i.workspace_id === accountId)).toBe(true);
  });

  it("answers 400 for a day outside the last 30 complete days or another group_by, 403 for an inference key, 404 for an unknown key or user", async () => {
    const todayIso = today.toISOString().slice(0, 10);
    expect((await callRoute(activityRoute.GET as never, { path: `/api/v1/activity?date=${todayIso}`, as: mgmt() })).status).toBe(400);
    expect((await callRoute(activityRoute.GET as never, { path: "/api/v1/activity?date=2020-01-01", as: mgmt() })).status).toBe(400);
    expect((await callRoute(activityRoute.GET as never, { path: "/api/v1/activity?date=yesterday", as: mgmt() })).status).toBe(400);
    expect((await callRoute(activityRoute.GET as never, { path: "/api/v1/activity?group_by=model", as: mgmt() })).status).toBe(400);
    const inference = await callRoute(activityRoute.GET as never, { path: "/api/v1/activity", as: { apiKey: keys.inference.key } });
    expect(inference.status).toBe(403);
    expect(inference.body.error.code).toBe(403);
    expect((await callRoute(activityRoute.GET as never, { path: "/api/v1/activity?api_key_hash=nope", as: mgmt() })).status).toBe(404);
    expect((await callRoute(activityRoute.GET as never, { path: "/api/v1/activity?user_id=nobody", as: mgmt() })).status).toBe(404);
    expect((await callRoute(activityRoute.GET as never, { path: "/api/v1/activity" })).status).toBe(401);
  });
});

describe("activity report and logs", () => {
  it("Admins and Billing see the organization, Members only their own keys", async () => {
    const report = async (who: keyof typeof users) =>
      (await callRoute(reportRoute.GET as never, { path: "/api/v1/activity/report?period=7d&group_by=creator", as: session(who) })).body.data;
    const admin = await report("admin");
    expect(admin.scope).toBe("account");
    expect(admin.totals.requests).toBe(8);
    expect(admin.totals.usage).toBeCloseTo(12.333333);
    expect(admin.groups.map((g: { key: string }) => g.key).sort()).toEqual([users.admin.id, users.member.id].sort());
    expect((await report("billing")).totals.requests).toBe(8);
    const member = await report("member");
    expect(member.scope).toBe("own");
    expect(member.totals.requests).toBe(2);
    expect(member.groups.map((g: { key: string }) => g.key)).toEqual([users.member.id]);
    expect(member.rows).toHaveLength(7);
  });

  it("lists generations newest first with filters and a cursor; the drawer shows one with its attempts", async () => {
    const page1 = await callRoute(generationsRoute.GET as never, { path: "/api/v1/activity/generations?limit=3", as: session("admin") });
    expect(page1.body.data).toHaveLength(3);
    const page2 = await callRoute(generationsRoute.GET as never, { path: `/api/v1/activity/generations?limit=10&cursor=${page1.body.next_cursor}`, as: session("admin") });
    expect(page2.body.next_cursor).toBeNull();
    const all = [...page1.body.data, ...page2.body.data];
    expect(all).toHaveLength(8);
    const times = all.map((g: { created_at: string }) => g.created_at);
    expect([...times].sort().reverse()).toEqual(times);
    const errors = await callRoute(generationsRoute.GET as never, { path: "/api/v1/activity/generations?status=error", as: session("admin") });
    expect(errors.body.data.map((g: { status: number }) => g.status).sort()).toEqual([404, 502]);
    const beta = await callRoute(generationsRoute.GET as never, { path: "/api/v1/activity/generations?model=m%2Fbeta", as: session("admin") });
    expect(beta.body.data).toHaveLength(2);
    const mine = await callRoute(generationsRoute.GET as never, { path: "/api/v1/activity/generations", as: session("member") });
    expect(mine.body.data.every((g: { api_key_id: string }) => g.api_key_id === keys.member.id)).toBe(true);
    const detail = await callRoute(generationRoute.GET as never, { path: "/x", as: session("member"), params: { id: mine.body.data[0].id } });
    expect(detail.status).toBe(200);
    expect(detail.body.data).toMatchObject({ id: mine.body.data[0].id, request_body: null, response_body: null });
    const logged = all.find((g: { created_at: string }) => g.created_at === daysAgo(2, 9).toISOString());
    const stored = await callRoute(generationRoute.GET as never, { path: "/x", as: session("admin"), params: { id: logged.id } });
    expect(stored.body.data.request_body).toEqual({ messages: [{ role: "user", content: "logged prompt" }] });
    expect(stored.body.data.response_body).toEqual([{ message: { content: "logged answer" } }]);
    const othersId = all.find((g: { api_key_id: string }) => g.api_key_id === keys.admin.id).id;
    expect((await callRoute(generationRoute.GET as never, { path: "/x", as: session("member"), params: { id: othersId } })).status).toBe(404);
  });
});

describe("exports", () => {
  const csv = async (query: string, as: As) => {
    const res = await raw(exportRoute.GET as never, `/api/v1/activity/export?${query}`, as);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="tollgate-.*\.csv"$/);
    return parse(res.bytes.toString("utf8"), { columns: true }) as Record<string, string>[];
  };

  it("CSV grouped by model parses back to the same numbers, with a totals row and UTC timestamps", async () => {
    const rows = await csv("format=csv&group_by=model&period=7d", mgmt());
    const total = rows.pop()!;
    expect(total.group_key).toBe("TOTAL");
    const sum = (col: string) => rows.reduce((s, r) => s + Number(r[col]), 0);
    expect(sum("requests")).toBe(8);
    expect(Number(total.requests)).toBe(8);
    expect(total.cost_usd).toBe("12.333333");
    expect(sum("cost_usd")).toBeCloseTo(12.333333, 6);
    expect(total.byok_cost_usd).toBe("2.000000");
    expect(Number(total.prompt_tokens)).toBe(sum("prompt_tokens"));
    expect(Number(total.errors)).toBe(2);
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}T00:00:00\.000Z$/.test(r.period_start_utc))).toBe(true);
    expect(new Set(rows.map((r) => r.group))).toEqual(new Set(["m/alpha", "m/beta", "m/unknown"]));
  });

  it("quotes values with commas and quotes (end users), and a Member exports only their own usage", async () => {
    const rows = await csv("format=csv&group_by=user&period=7d", session("member"));
    const total = rows.pop()!;
    expect(rows.map((r) => r.group_key)).toContain(QUOTED_USER);
    expect(total.requests).toBe("2");
    expect(total.byok_cost_usd).toBe("2.000000");
    const billing = await csv("format=csv&group_by=api_key&period=30d", session("billing"));
    expect(billing.pop()!.requests).toBe("8");
  });

  it("the per-generation CSV has one row per generation in the period", async () => {
    const rows = await csv("format=csv&group_by=generation&period=30d", mgmt());
    const total = rows.pop()!;
    expect(rows).toHaveLength(8);
    expect(total.created_at_utc).toBe("TOTAL");
    expect(total.cost_usd).toBe("12.333333");
    expect(rows.map((r) => r.created_at_utc)).toEqual([...rows.map((r) => r.created_at_utc)].sort());
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(r.created_at_utc))).toBe(true);
    expect(rows.find((r) => r.end_user === QUOTED_USER)).toMatchObject({ model: "m/beta", cost_usd: "0.333333", status: "200", api_key: keys.member.name });
    expect(rows.filter((r) => r.byok_cost_usd === "2.000000")).toHaveLength(1);
    expect(rows.reduce((s, r) => s + Number(r.prompt_tokens), 0)).toBe(Number(total.prompt_tokens));
  });

  it("the PDF renders (pdftoppm) and its text holds the account, the grouping, the totals and page numbers", async () => {
    const res = await raw(exportRoute.GET as never, "/api/v1/activity/export?format=pdf&group_by=api_key&period=30d", session("billing"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const dir = mkdtempSync(join(tmpdir(), "tollgate-pdf-"));
    const file = join(dir, "report.pdf");
    writeFileSync(file, res.bytes);
    execFileSync("pdftoppm", ["-png", "-r", "50", "-f", "1", "-l", "1", file, join(dir, "page")]);
    const png = join(dir, "page-1.png");
    expect(existsSync(png)).toBe(true);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    expect(text).toContain("Usage report");
    expect(text).toContain("Grouped by: API key");
    expect(text).toContain("$12.333333");
    expect(text).toContain("$2.00");
    // "Page i of n" on every page, and no stray pages: n is the document's page count.
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file]).toString())?.[1]);
    expect(text).toContain(`Page 1 of ${pages}`);
    expect(text).toContain(`Page ${pages} of ${pages}`);
    expect(text).toContain(keys.admin.name);
    expect(text).toContain(keys.member.name);
    expect(text).toMatch(/Total\s+8\s/);
  });

  it("refuses a PDF per generation and a bad custom period with 400", async () => {
    expect((await raw(exportRoute.GET as never, "/api/v1/activity/export?format=pdf&group_by=generation", mgmt())).status).toBe(400);
    expect((await raw(exportRoute.GET as never, "/api/v1/activity/export?format=csv&period=custom&from=2026-02-10&to=2026-02-01", mgmt())).status).toBe(400);
  });
});

// On PostgreSQL the per-generation CSV is one COPY, whose filter values are written into the query
// text as literals (COPY takes no parameters); on PGlite it is read in pages with bound parameters.
describe("per-generation CSV: filter values, early stop", () => {
  const TRICKY = `o'brien, "the" \\ analyst\nline 2`;
  const KEY_NAME = `key "one", \\ two`;
  const csvOf = async (query: string, key: string) => {
    const res = await raw(exportRoute.GET as never, `/api/v1/activity/export?format=csv&group_by=generation&period=7d&${query}`, { apiKey: key });
    expect(res.status).toBe(200);
    const rows = parse(res.bytes.toString("utf8"), { columns: true }) as Record<string, string>[];
    return { rows, total: rows.pop()! };
  };

  it("matches filters holding quotes, commas, backslashes and SQL exactly, and writes such values quoted", async () => {
    const admin = await createUser();
    const { account } = await createOrganizationFor(admin.id);
    const key = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);
    const inference = await createApiKeyFor(account.id, "INFERENCE", admin.id);
    await (await db()).apiKey.update({ where: { id: inference.id }, data: { name: KEY_NAME } });
    const common = { model: "m/x", apiKeyId: inference.id, keyCreatorId: admin.id, costMicros: 1_000n, promptTokens: 10 };
    await createGenerations(account.id, [
      { ...common, createdAt: daysAgo(1), endUser: TRICKY },
      { ...common, createdAt: daysAgo(1, 11), endUser: "bob" },
      { ...common, createdAt: daysAgo(1, 12), endUser: "" },
    ]);

    const all = await csvOf("", key.key);
    expect(all.rows.map((r) => r.end_user)).toEqual([TRICKY, "bob", ""]);
    expect(all.rows.every((r) => r.api_key === KEY_NAME)).toBe(true);
    expect(all.total).toMatchObject({ created_at_utc: "TOTAL", generation_id: "3 requests", prompt_tokens: "30", cost_usd: "0.003000" });

    const tricky = await csvOf(`user=${encodeURIComponent(TRICKY)}`, key.key);
    expect(tricky.rows).toHaveLength(1);
    expect(tricky.rows[0]).toMatchObject({ end_user: TRICKY, api_key: KEY_NAME, model: "m/x", cost_usd: "0.001000" });
    expect(tricky.total.generation_id).toBe("1 requests");

    for (const query of [`user=${encodeURIComponent("bob' OR '1'='1")}`, `model=${encodeURIComponent("m/x\\' OR true --")}`, `provider=${encodeURIComponent("'; SELECT 1; --")}`]) {
      const none = await csvOf(query, key.key);
      expect(none.rows).toEqual([]);
      expect(none.total.generation_id).toBe("0 requests");
    }
    expect((await raw(exportRoute.GET as never, "/api/v1/activity/export?format=csv&group_by=generation&user=a%00b", { apiKey: key.key })).status).toBe(400);
  });

  it("a reader that stops early lets go of its database connection, and the next export reads every row", async () => {
    const admin = await createUser();
    const { account } = await createOrganizationFor(admin.id);
    const key = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);
    const ROWS = 5_000; // about 1 MB of CSV: many chunks
    const from = daysAgo(2);
    await (await db()).$executeRaw`INSERT INTO generations (id, account_id, model, status, prompt_tokens, cost_micros, created_at)
      SELECT 'gen-stop-' || i, ${account.id}, 'm/bulk', 200, 1, 7, ${from}::timestamptz + i * interval '1 second' FROM generate_series(1, ${ROWS}) AS i`;
    const pool = await postgresPool(); // null on PGlite
    const checkedOut = () => (pool ? pool.totalCount - pool.idleCount : 0);
    const before = checkedOut();

    const res = await open(exportRoute.GET as never, "/api/v1/activity/export?format=csv&group_by=generation&period=7d", { apiKey: key.key });
    const reader = res.body!.getReader();
    expect((await reader.read()).value?.byteLength).toBeGreaterThan(0); // the header
    expect((await reader.read()).value?.byteLength).toBeGreaterThan(0); // the first rows
    if (pool) expect(checkedOut()).toBe(before + 1);
    await reader.cancel();
    expect(checkedOut()).toBe(before);
    if (pool) {
      // The COPY's server process goes away too (it notices the closed connection at its next write).
      const copying = async () =>
        Number((await (await db()).$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY (%'`)[0].n);
      for (let i = 0; i < 50 && (await copying()) > 0; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await copying()).toBe(0);
    }

    const { rows, total } = await csvOf("", key.key);
    expect(rows).toHaveLength(ROWS);
    expect(rows[0].generation_id).toBe("gen-stop-1");
    expect(total).toMatchObject({ generation_id: `${ROWS} requests`, prompt_tokens: String(ROWS), cost_usd: "0.035000" });
    expect(checkedOut()).toBe(before);
  });
});

// CSV formula injection (OWASP): a text cell starting with = + - @ tab or CR gets a leading quote, in
// the per-generation CSV (COPY on PostgreSQL, pages on PGlite) and the grouped one; amounts stay numbers.
describe("CSV formula injection", () => {
  const EVIL_USER = '=HYPERLINK("http://evil.example","click")';
  const EVIL_MODEL = "=2+5";
  const csvOf = async (query: string, key: string) => {
    const res = await raw(exportRoute.GET as never, `/api/v1/activity/export?format=csv&period=7d&${query}`, { apiKey: key });
    expect(res.status).toBe(200);
    const text = res.bytes.toString("utf8");
    return { text, rows: parse(text, { columns: true }) as Record<string, string>[] };
  };

  it("neutralises formula-like texts in every CSV, keeps negative amounts numeric, and the PDF shows the text as it is", async () => {
    const admin = await createUser();
    const { account } = await createOrganizationFor(admin.id);
    const key = await createApiKeyFor(account.id, "MANAGEMENT", admin.id);
    const inference = await createApiKeyFor(account.id, "INFERENCE", admin.id);
    await (await db()).apiKey.update({ where: { id: inference.id }, data: { name: "@SUM(A1:A9)" } });
    const common = { apiKeyId: inference.id, keyCreatorId: admin.id, promptTokens: 10 };
    await createGenerations(account.id, [
      { ...common, createdAt: daysAgo(1), model: EVIL_MODEL, endUser: EVIL_USER, costMicros: 1_000n },
      { ...common, createdAt: daysAgo(1, 11), model: "+cmd", endUser: "-2+3", costMicros: -500_000n },
      { ...common, createdAt: daysAgo(1, 12), model: "m/ok", endUser: "\tTAB", costMicros: 2_000n },
      { ...common, createdAt: daysAgo(1, 13), model: "m/ok", endUser: "\rCR", costMicros: 3_000n },
    ]);

    const generations = await csvOf("group_by=generation", key.key);
    const rows = generations.rows.slice(0, -1);
    expect(rows.map((r) => r.end_user)).toEqual([`'${EVIL_USER}`, "'-2+3", "'\tTAB", "'\rCR"]);
    expect(rows.map((r) => r.model)).toEqual([`'${EVIL_MODEL}`, "'+cmd", "m/ok", "m/ok"]);
    expect(rows.every((r) => r.api_key === "'@SUM(A1:A9)")).toBe(true);
    expect(rows[1].cost_usd).toBe("-0.500000");
    expect(generations.rows.at(-1)!.cost_usd).toBe("-0.494000");
    // no cell of the file starts a formula
    const cells = parse(generations.text) as string[][];
    for (const cell of cells.flat()) if (!/^-\d+(\.\d+)?$/.test(cell)) expect(cell, cell).not.toMatch(/^[=+\-@\t\r]/);

    const byModel = await csvOf("group_by=model", key.key);
    expect(new Set(byModel.rows.slice(0, -1).map((r) => r.group))).toEqual(new Set([`'${EVIL_MODEL}`, "'+cmd", "m/ok"]));
    expect(byModel.rows.find((r) => r.group === "'+cmd")!.cost_usd).toBe("-0.500000");
    const byUser = await csvOf("group_by=user", key.key);
    expect(byUser.rows.map((r) => r.group_key)).toContain(`'${EVIL_USER}`);
    const byKey = await csvOf("group_by=api_key", key.key);
    expect(byKey.rows.map((r) => r.group)).toContain("'@SUM(A1:A9)");

    const pdf = await raw(exportRoute.GET as never, "/api/v1/activity/export?format=pdf&group_by=model&period=7d", { apiKey: key.key });
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), "tollgate-pdf-"));
    writeFileSync(join(dir, "r.pdf"), pdf.bytes);
    const text = execFileSync("pdftotext", ["-layout", join(dir, "r.pdf"), "-"]).toString();
    expect(text).toContain(EVIL_MODEL);
    expect(text).not.toContain(`'${EVIL_MODEL}`);
  });
});
