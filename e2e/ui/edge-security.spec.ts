// The web edge (issues 13 and 14) against the production server (scripts/serve.mjs in front of Next):
// no open redirect after sign-in, a cross-origin form cannot write with the session cookie, security
// headers on pages, API and gateway answers with no CSP violation in the console, and /api/v1 errors
// (unknown path, wrong method, malformed path, oversized headers and bodies) in the JSON envelope.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type ConsoleMessage } from "@playwright/test";
import { signUp, uniqueEmail } from "../fixtures";

const FORM_PORT = Number(process.env.E2E_FORM_PORT ?? 3222);

/** A raw HTTP/1.1 exchange with the app, for what a browser or fetch would not send as is. */
function rawRequest(baseURL: string, options: { method?: string; path: string; headers?: Record<string, string | number>; body?: string }) {
  const url = new URL(baseURL);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method: options.method ?? "GET", path: options.path, headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

function expectEnvelope(res: { status: number; headers: http.IncomingHttpHeaders; body: string }, status: number) {
  expect(res.status, res.body).toBe(status);
  expect(res.headers["content-type"]).toMatch(/^application\/json/);
  const body = JSON.parse(res.body);
  expect(body.error.code).toBe(status);
  expect(typeof body.error.message).toBe("string");
  return body;
}

function expectSecurityHeaders(headers: Record<string, string | string[] | undefined>, what: string) {
  expect(String(headers["content-security-policy"]), what).toContain("frame-ancestors 'none'");
  expect(String(headers["content-security-policy"]), what).toContain("default-src 'self'");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
}

test("a signed-in visit to sign-in or sign-up never redirects off the site", async ({ page }) => {
  await signUp(page, { name: "Rita Redirect", email: uniqueEmail("redirect") });
  const variants = ["/.//evil.example", "/..//evil.example", "//evil.example", "/\\evil.example", "/./\\evil.example", "\\\\evil.example", "/%2e%2e//evil.example", "https://evil.example/x", "/\t/evil.example"];
  for (const page_ of ["/sign-in", "/sign-up"]) {
    for (const callbackUrl of variants) {
      const res = await page.request.get(`${page_}?callbackUrl=${encodeURIComponent(callbackUrl)}`, { maxRedirects: 0 });
      expect(res.status(), `${page_} ${callbackUrl}`).toBe(307);
      const location = res.headers()["location"];
      expect(location, `${page_} ${callbackUrl}`).toMatch(/^\/(?![/\\])/);
      expect(new URL(location, "http://app.local").host).toBe("app.local");
    }
  }
  // double-encoded, as the issue reported it
  const res = await page.request.get("/sign-in?callbackUrl=%2F.%2F%2Fevil.example", { maxRedirects: 0 });
  expect(res.headers()["location"]).toBe("/evil.example");
  await page.goto("/sign-in?callbackUrl=%2F.%2F%2Fevil.example");
  expect(new URL(page.url()).host).toBe(new URL(res.url()).host);
});

test("a cross-origin page's forms cannot create a key with the session cookie", async ({ page, baseURL }) => {
  await signUp(page, { name: "Cora Csrf", email: uniqueEmail("csrf") });
  // localhost on another port: another origin but the same site, so the Lax session cookie IS sent.
  const target = `${baseURL}/api/v1/keys`;
  const forms: Record<string, string> = {
    "/plain": `<form method="POST" action="${target}" enctype="text/plain"><input name='{"name":"forged-plain","x":"' value='"}'></form>`,
    "/urlencoded": `<form method="POST" action="${target}"><input name="name" value="forged-urlencoded"></form>`,
    "/multipart": `<form method="POST" action="${target}" enctype="multipart/form-data"><input name="name" value="forged-multipart"></form>`,
  };
  const attacker = http.createServer((req, res) => {
    const form = forms[req.url ?? ""];
    res.writeHead(form ? 200 : 404, { "content-type": "text/html" });
    res.end(form ? `<!doctype html><body>${form}<script>document.forms[0].submit()</script></body>` : "");
  });
  await new Promise<void>((resolve) => attacker.listen(FORM_PORT, resolve));
  try {
    const port = (attacker.address() as AddressInfo).port;
    for (const path of Object.keys(forms)) {
      const answered = page.waitForResponse((r) => r.url() === target && r.request().method() === "POST");
      await page.goto(`http://localhost:${port}${path}`);
      const res = await answered;
      expect(res.status(), path).toBe(403);
      expect((await res.json()).error.code).toBe(403);
    }
  } finally {
    await new Promise((resolve) => attacker.close(resolve));
  }
  const keys = await page.request.get("/api/v1/keys?include_disabled=true", { headers: { "x-tollgate-account": "personal" } });
  expect(keys.status()).toBe(200);
  expect((await keys.json()).data.filter((k: { name: string }) => k.name.startsWith("forged"))).toEqual([]);
  // the dashboard's own write still works
  const created = await page.request.post("/api/v1/keys", { headers: { "x-tollgate-account": "personal" }, data: { name: "mine" } });
  expect(created.status()).toBe(201);
});

test("security headers everywhere, and the pages (charts included) render without a CSP violation", async ({ page, baseURL }) => {
  const violations: string[] = [];
  const onConsole = (m: ConsoleMessage) => {
    if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) violations.push(`${page.url()}: ${m.text()}`);
  };
  page.on("console", onConsole);
  page.on("pageerror", (e) => {
    if (/Content Security Policy|unsafe-eval|unsafe-inline/i.test(e.message)) violations.push(`${page.url()}: ${e.message}`);
  });

  const signIn = await page.goto("/sign-in");
  expectSecurityHeaders(signIn!.headers(), "/sign-in");
  await signUp(page, { name: "Hedy Headers", email: uniqueEmail("headers") });
  const key = (await (await page.request.post("/api/v1/keys", { headers: { "x-tollgate-account": "personal" }, data: { name: "traffic" } })).json()).key;
  for (const user of ["a", "b"]) {
    const res = await page.request.post("/api/v1/chat/completions", { headers: { authorization: `Bearer ${key}` }, data: { model: "sandbox/echo", user, messages: [{ role: "user", content: "hi" }] } });
    expect(res.status()).toBe(200);
    expectSecurityHeaders(res.headers(), "gateway 200");
  }
  await page.waitForTimeout(800); // the metering flush
  for (const path of ["/personal", "/personal/activity?period=24h", "/personal/keys", "/personal/logs", "/personal/uptime", "/personal/settings"]) {
    const res = await page.goto(path);
    expect(res!.status(), path).toBe(200);
    expectSecurityHeaders(res!.headers(), path);
    await page.waitForLoadState("load");
    await page.waitForTimeout(300); // hydration and the first client fetches
  }
  await page.goto("/personal/activity?period=24h");
  await expect(page.getByTestId("stat-requests")).toHaveText("2");
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  // the theme switch (next-themes' inline script) still works under the CSP
  await page.evaluate(() => localStorage.setItem("theme", "dark"));
  await page.reload();
  await expect(page.locator("html")).toHaveClass(/dark/);

  // API answers: a route, the gateway fast path's refusal, the catch-all 404, a static asset
  const url = baseURL!;
  expectSecurityHeaders((await rawRequest(url, { path: "/api/v1/models" })).headers, "/api/v1/models");
  const refused = await rawRequest(url, { method: "POST", path: "/api/v1/chat/completions", headers: { "content-type": "application/json" }, body: "{}" });
  expectEnvelope(refused, 401);
  expectSecurityHeaders(refused.headers, "fast path 401");
  expectSecurityHeaders((await rawRequest(url, { path: "/api/v1/nope" })).headers, "404");
  expect(violations).toEqual([]);
});

test("/api/v1 errors are JSON envelopes: unknown path, wrong method, malformed path, big headers and bodies, next-auth JSON", async ({ baseURL }) => {
  const url = baseURL!;
  const unknown = expectEnvelope(await rawRequest(url, { path: "/api/v1/definitely/not/here" }), 404);
  expect(unknown.error.metadata.reason).toBe("not_found");
  expectEnvelope(await rawRequest(url, { method: "DELETE", path: "/api/v1" }), 404);
  expectEnvelope(await rawRequest(url, { method: "POST", path: "/api/v1/nope", headers: { "content-type": "application/json" }, body: "{}" }), 404);

  const wrongMethod = await rawRequest(url, { method: "PUT", path: "/api/v1/keys", headers: { "content-type": "application/json" }, body: "{}" });
  expect(expectEnvelope(wrongMethod, 405).error.metadata.reason).toBe("method_not_allowed");
  expect(String(wrongMethod.headers.allow).split(/,\s*/).sort()).toEqual(["GET", "HEAD", "OPTIONS", "POST"]);
  const wrongOnItem = await rawRequest(url, { method: "POST", path: "/api/v1/keys/abc" });
  expectEnvelope(wrongOnItem, 405);
  expect(String(wrongOnItem.headers.allow)).toContain("PATCH");
  expectSecurityHeaders(wrongOnItem.headers, "405");

  for (const path of ["/api/v1/keys/%E0%A4%A", "/api/v1/keys/%", "/api/v1/keys/%zz", "/api/v1/guardrails/%C0%80x/assignments/keys"]) {
    const res = await rawRequest(url, { path });
    expect(expectEnvelope(res, 400).error.metadata.reason, path).toBe("bad_request");
  }
  // decodes fine, so the wrapper answers: a NUL in a path id, named
  expect(expectEnvelope(await rawRequest(url, { path: "/api/v1/keys/%00" }), 400).error.metadata.field).toBe("params.hash");

  const bigHeaders = await rawRequest(url, { path: "/api/v1/keys", headers: { "x-big": "a".repeat(64 * 1024) } });
  expect(expectEnvelope(bigHeaders, 431).error.metadata.reason).toBe("headers_too_large");

  const bigBody = await rawRequest(url, { method: "POST", path: "/api/v1/keys", headers: { "content-type": "application/json", "content-length": 11 * 1024 * 1024 }, body: "{" });
  expect(expectEnvelope(bigBody, 413).error.metadata.reason).toBe("payload_too_large");

  // next-auth's credentials callback reads a JSON body itself: malformed or odd JSON is a 400, never a 5xx
  for (const body of ["{", "[1,2]", "null", '{"email":{"$ne":null},"password":"x"}', '{"email":"a\\u0000b","password":"x"}']) {
    const res = await rawRequest(url, { method: "POST", path: "/api/auth/callback/credentials", headers: { "content-type": "application/json" }, body });
    expect(res.status, body).toBe(400);
    expectEnvelope(res, 400);
  }
  const plain = await rawRequest(url, { method: "POST", path: "/api/auth/callback/credentials", headers: { "content-type": "application/json" }, body: '{"email":"nobody@example.com","password":"wrong"}' });
  expect(plain.status).toBeLessThan(500);
});
