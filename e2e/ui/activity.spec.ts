import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { signUp, uniqueEmail } from "../fixtures";

test("activity: charts of gateway traffic, period and grouping, CSV and PDF downloads, and the logs with a drawer", async ({ page }) => {
  await signUp(page, { name: "Ada Activity", email: uniqueEmail("activity") });
  await page.getByTestId("nav-activity").click();
  await expect(page).toHaveURL(/\/personal\/activity$/);
  await expect(page.getByRole("heading", { name: "Activity", level: 1 })).toBeVisible();
  await expect(page.getByText("No usage in this period")).toBeVisible();

  const created = await page.request.post("/api/v1/keys", { headers: { "x-tollgate-account": "personal" }, data: { name: "Activity key" } });
  expect(created.status()).toBe(201);
  const { key } = await created.json();
  const users = ["alice", "bob", "alice", 'carol, "the tester"'];
  for (const user of users) {
    const res = await page.request.post("/api/v1/chat/completions", {
      headers: { authorization: `Bearer ${key}` },
      data: { model: "sandbox/echo", user, messages: [{ role: "user", content: `hello from ${user}` }] },
    });
    expect(res.status()).toBe(200);
  }
  await page.waitForTimeout(800); // the metering flush writes generations and rollups every 200 ms

  await page.goto("/personal/activity?period=24h");
  await expect(page.getByTestId("stat-requests")).toHaveText("4");
  await expect(page.getByTestId("activity-range")).toContainText("hourly");
  await expect(page.getByTestId("activity-local-range")).toContainText("Your time:");
  await expect(page.getByTestId("activity-chart")).toHaveAttribute("data-points", "24");
  await page.getByTestId("metric-requests").click();
  await expect(page.getByTestId("activity-chart").locator("svg .recharts-bar-rectangle path").first()).toBeVisible();
  await expect(page.getByTestId("activity-table").getByTestId("activity-row")).toHaveCount(1);
  await expect(page.getByTestId("activity-table")).toContainText("sandbox/echo");

  // Period: 30 days is daily; grouping by end user splits the requests.
  await page.getByTestId("period-30d").click();
  await expect(page).toHaveURL(/period=30d/);
  await expect(page.getByTestId("activity-range")).toContainText("daily");
  await expect(page.getByTestId("activity-chart")).toHaveAttribute("data-points", "30");
  await page.getByTestId("group-user").click();
  await expect(page).toHaveURL(/group=user/);
  const table = page.getByTestId("activity-table");
  await expect(table.getByTestId("activity-row")).toHaveCount(3);
  await expect(table).toContainText('carol, "the tester"');
  // Sortable: by group label ascending.
  await table.getByRole("button", { name: "End user" }).click();
  await expect(table.getByTestId("activity-row").first()).toContainText("alice");
  await page.screenshot({ path: "e2e/.artifacts/activity.png", fullPage: true });

  // Exports: the CSV grouped by end user parses back to the same requests; the PDF is a real report.
  const panel = page.getByTestId("export-panel");
  await expect(panel.getByTestId("export-group-by")).toHaveValue("user");
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), panel.getByTestId("export-csv").click()]);
  expect(csvDownload.suggestedFilename()).toMatch(/^tollgate-personal-.*-by-user\.csv$/);
  const rows = parse(readFileSync(await csvDownload.path()), { columns: true }) as Record<string, string>[];
  const total = rows.pop()!;
  expect(total.group_key).toBe("TOTAL");
  expect(total.requests).toBe("4");
  expect(rows.find((r) => r.group_key === "alice")?.requests).toBe("2");
  expect(rows.map((r) => r.group_key)).toContain('carol, "the tester"');
  await expect(page.getByTestId("export-status")).toContainText("Downloaded");

  await panel.getByTestId("export-group-by").selectOption("model");
  const [pdfDownload] = await Promise.all([page.waitForEvent("download"), panel.getByTestId("export-pdf").click()]);
  expect(pdfDownload.suggestedFilename()).toMatch(/-by-model\.pdf$/);
  const pdfPath = await pdfDownload.path();
  expect(readFileSync(pdfPath).subarray(0, 5).toString()).toBe("%PDF-");
  const text = execFileSync("pdftotext", ["-layout", pdfPath, "-"]).toString();
  expect(text).toContain("Grouped by: Model");
  expect(text).toContain("sandbox/echo");
  expect(text).toMatch(/Page 1 of 1/);

  // Logs: newest first, filter by end user, the drawer shows the attempt.
  await page.getByTestId("nav-logs").click();
  await expect(page.getByTestId("logs-table").getByTestId("log-row")).toHaveCount(4);
  await page.getByTestId("logs-filter-user").selectOption("alice");
  await page.getByTestId("logs-apply").click();
  await expect(page).toHaveURL(/user=alice/);
  await expect(page.getByTestId("logs-table").getByTestId("log-row")).toHaveCount(2);
  await page.getByTestId("log-row").first().getByRole("button").click();
  const drawer = page.getByTestId("log-drawer");
  await expect(drawer.getByTestId("log-attempts")).toContainText("Sandbox");
  await expect(drawer.getByTestId("log-bodies-absent")).toBeVisible();
  await page.screenshot({ path: "e2e/.artifacts/logs-drawer.png", fullPage: true });
});
