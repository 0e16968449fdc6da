import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "../fixtures";

test("uptime: Sandbox requests show up as provider health, with charts", async ({ page }) => {
  await signUp(page, { name: "Uma Uptime", email: uniqueEmail("uptime") });
  await page.getByTestId("nav-uptime").click();
  await expect(page).toHaveURL(/\/personal\/uptime$/);
  await expect(page.getByRole("heading", { name: "Uptime", level: 1 })).toBeVisible();
  // On a fresh instance (this spec alone) nothing has been sent yet: the page says how to start.
  if ((await page.getByTestId("uptime-providers").count()) === 0) {
    await expect(page.getByTestId("uptime-empty")).toContainText("Make a request to sandbox/echo to see data");
    await expect(page.getByTestId("uptime-curl")).toContainText('"model": "sandbox/echo"');
    await page.screenshot({ path: "e2e/.artifacts/uptime-empty.png", fullPage: true });
  }

  const created = await page.request.post("/api/v1/keys", { headers: { "x-tollgate-account": "personal" }, data: { name: "k" } });
  expect(created.status()).toBe(201);
  const { key } = await created.json();
  for (let i = 0; i < 3; i++) {
    const res = await page.request.post("/api/v1/chat/completions", {
      headers: { authorization: `Bearer ${key}` },
      data: { model: "sandbox/echo", messages: [{ role: "user", content: `hi ${i}` }] },
    });
    expect(res.status()).toBe(200);
  }
  await page.waitForTimeout(1000); // the metering flush writes health buckets every 200 ms

  await page.goto("/personal/uptime");
  const row = page.getByTestId("provider-row-sandbox-a");
  await expect(row).toContainText("Sandbox A");
  await expect(page.getByTestId("provider-status-sandbox-a")).toHaveAttribute("data-status", "operational");
  expect(Number((await page.getByTestId("provider-sandbox-a-requests").textContent())!.replace(/,/g, ""))).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId("provider-sandbox-a-availability")).toHaveText("100%");
  await expect(page.getByTestId("endpoint-row-sandbox/echo-sandbox-a")).toBeVisible();

  // The charts are drawn with data: bars for the requests, a line point for the latency.
  await expect(page.getByTestId("chart-requests").locator("svg .recharts-bar-rectangle path").first()).toBeVisible();
  await expect(page.getByTestId("chart-latency").locator("svg .recharts-line").first()).toBeAttached();
  expect(await page.getByTestId("chart-latency").locator("svg .recharts-line-dot, svg path.recharts-line-curve[d*='L']").count()).toBeGreaterThan(0);

  // Period and model are in the URL.
  await page.getByTestId("period-1h").click();
  await expect(page).toHaveURL(/period=1h/);
  await expect(page.getByTestId("uptime-range")).toContainText("5-minute points");
  await page.getByTestId("uptime-model").selectOption("sandbox/echo");
  await expect(page).toHaveURL(/model=sandbox%2Fecho/);
  await page.getByTestId("period-7d").click();
  await expect(page).toHaveURL(/period=7d&model=sandbox%2Fecho/);
  await expect(page.getByTestId("uptime-range")).toContainText("hourly points");
  await expect(page.getByTestId("chart-requests").locator("svg .recharts-bar-rectangle path").first()).toBeVisible();

  await page.goto("/personal/uptime");
  await page.screenshot({ path: "e2e/.artifacts/uptime.png", fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: "e2e/.artifacts/uptime-dark.png", fullPage: true });
});
