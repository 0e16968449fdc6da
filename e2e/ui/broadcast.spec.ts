import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "../fixtures";

type Hit = { path: string; headers: IncomingHttpHeaders; body: string };

test("broadcast: a failing test keeps the form open; a webhook destination receives a request's trace, shown in the delivery log", async ({ page }) => {
  // A real receiver on loopback: /reject answers like a platform refusing the credentials.
  const hits: Hit[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      hits.push({ path: req.url ?? "", headers: req.headers, body });
      if (req.url?.startsWith("/reject")) res.writeHead(403, { "content-type": "application/json" }).end('{"error":"signature not accepted"}');
      else res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const receiver = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  try {
    await signUp(page, { name: "Bea Broadcast", email: uniqueEmail("broadcast") });
    await page.getByTestId("nav-broadcast").click();
    await expect(page).toHaveURL(/\/personal\/broadcast$/);
    await expect(page.getByRole("heading", { name: "Broadcast", level: 1 })).toBeVisible();

    await page.getByTestId("broadcast-add-open").click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByLabel("Type")).toHaveValue("webhook");
    await dialog.getByLabel("Name").fill("Local receiver");
    await dialog.getByLabel("URL").fill(`${receiver}/reject`);
    const secret = await dialog.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_[0-9a-f]{48}$/);

    // Saving tests first: the platform's refusal is shown and nothing is saved.
    await dialog.getByTestId("destination-save").click();
    await expect(dialog.getByTestId("test-result")).toHaveAttribute("data-ok", "false");
    await expect(dialog.getByTestId("test-result")).toContainText("HTTP 403");
    await expect(dialog.getByTestId("test-result")).toContainText("signature not accepted");
    await expect(dialog).toBeVisible();
    const list = await page.request.get("/api/v1/observability/destinations", { headers: { "x-tollgate-account": "personal" } });
    expect((await list.json()).total_count).toBe(0);

    // Test Connection on its own, then save.
    await dialog.getByLabel("URL").fill(`${receiver}/hooks`);
    await dialog.getByTestId("destination-test").click();
    await expect(dialog.getByTestId("test-result")).toHaveAttribute("data-ok", "true");
    await expect(dialog.getByTestId("test-result")).toContainText("Connection works");
    await dialog.getByTestId("destination-save").click();
    await expect(page.getByRole("dialog")).toBeHidden();
    const row = page.locator('[data-name="Local receiver"]');
    await expect(row).toContainText("Webhook");
    await expect(row).toContainText("Enabled");
    await expect(row).toContainText("All API keys");

    // A request through the gateway.
    const created = await page.request.post("/api/v1/keys", { headers: { "x-tollgate-account": "personal" }, data: { name: "broadcast-e2e" } });
    expect(created.status()).toBe(201);
    const { key } = await created.json();
    const completion = await page.request.post("/api/v1/chat/completions", {
      headers: { authorization: `Bearer ${key}` },
      data: { model: "sandbox/echo", messages: [{ role: "user", content: "trace me" }] },
    });
    expect(completion.status()).toBe(200);
    const generationId = (await completion.json()).id as string;

    // The delivery log shows it delivered (the log refreshes itself).
    await row.getByRole("button", { name: /Delivery log/ }).click();
    const log = page.getByTestId("delivery-log");
    const delivery = log.locator(`[data-testid="delivery-row"][data-generation="${generationId}"]`);
    await expect(delivery).toHaveAttribute("data-status", "delivered", { timeout: 20_000 });
    await expect(delivery).toContainText(" ms");
    await page.screenshot({ path: "e2e/.artifacts/broadcast-log.png", fullPage: true });

    // The receiver got it, signed with the secret the form showed.
    const hit = hits.find((h) => h.path === "/hooks" && h.body.includes(generationId))!;
    expect(hit).toBeTruthy();
    const timestamp = hit.headers["x-tollgate-timestamp"] as string;
    expect(hit.headers["x-tollgate-signature"]).toBe(`v1=${createHmac("sha256", secret).update(`${timestamp}.${hit.body}`).digest("hex")}`);
    const trace = JSON.parse(hit.body).traces.find((t: { id: string }) => t.id === generationId);
    expect(trace).toMatchObject({ model: "sandbox/echo", status: 200, api_key: { name: "broadcast-e2e" }, metadata_only: true, input: null });

    // The production build's other senders: OTLP (OpenTelemetry SDK + serializer) and S3 (AWS SDK) reach the receiver.
    const testConnection = (data: unknown) => page.request.post("/api/v1/observability/destinations/test", { headers: { "x-tollgate-account": "personal" }, data });
    const otel = await testConnection({ type: "otel-collector", config: { endpoint: receiver } });
    expect((await otel.json()).data).toMatchObject({ ok: true });
    expect(JSON.parse(hits.find((h) => h.path === "/v1/traces")!.body).resourceSpans[0].scopeSpans[0].spans[0].name).toBe("chat tollgate/test-connection");
    const s3 = await testConnection({ type: "s3", config: { bucketName: "traces", accessKeyId: "AKIA", secretAccessKey: "secret", endpoint: receiver } });
    expect((await s3.json()).data).toMatchObject({ ok: true });
    expect(hits.find((h) => h.path.startsWith("/traces/openrouter-traces/"))!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIA\//);

    await page.keyboard.press("Escape");
    await page.goto("/personal/broadcast");
    await expect(page.locator('[data-name="Local receiver"]').getByTestId("destination-summary")).toContainText("delivered");
    await page.screenshot({ path: "e2e/.artifacts/broadcast.png", fullPage: true });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
