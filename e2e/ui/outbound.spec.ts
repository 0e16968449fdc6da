import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "../fixtures";

const ACCOUNT = { "x-tollgate-account": "personal" };

test("Outbound requests: the instance admin allowlists a private range in Settings; a bad entry is explained", async ({ page }) => {
  await signUp(page, { name: "Olga Outbound", email: uniqueEmail("outbound") });
  // Only whoever signed up first administers the instance: on the suite's shared database that is
  // another spec's user, so this journey runs when the spec runs on a fresh database (`playwright test e2e/ui/outbound.spec.ts`).
  const probe = await page.request.get("/api/v1/settings/outbound", { headers: ACCOUNT });
  test.skip(probe.status() === 403, "another spec's user is the instance admin of this database");
  expect(probe.status()).toBe(200);

  await page.getByTestId("nav-settings").click();
  await page.getByTestId("settings-link-outbound").click();
  await expect(page).toHaveURL(/\/personal\/settings\/outbound$/);
  await expect(page.getByRole("heading", { name: "Outbound requests" })).toBeVisible();
  // TOLLGATE_OUTBOUND_ALLOW of the test server (playwright.config.ts) is shown, read-only.
  await expect(page.getByTestId("outbound-env-allowlist")).toContainText("127.0.0.0/8");

  const box = page.getByTestId("outbound-allowlist");
  await box.fill("10.20.0.0/16\nnot a host!");
  await page.getByTestId("outbound-allowlist-save").click();
  await expect(page.getByTestId("outbound-allowlist-error")).toContainText("not a host!");

  await box.fill("10.20.0.0/16\nCollector.internal:4318");
  await page.getByTestId("outbound-allowlist-save").click();
  await expect(page.getByText("Allowlist saved (2 entries).")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("outbound-allowlist")).toHaveValue("10.20.0.0/16\ncollector.internal:4318");
  const saved = await page.request.get("/api/v1/settings/outbound", { headers: ACCOUNT });
  expect((await saved.json()).data.allowlist).toEqual(["10.20.0.0/16", "collector.internal:4318"]);
  expect((await page.request.patch("/api/v1/settings/outbound", { headers: ACCOUNT, data: { allowlist: [] } })).status()).toBe(200);
});

test("Outbound requests: someone who is not the instance admin has no such section, and the API refuses them", async ({ page, browser }) => {
  await signUp(page, { name: "First Person", email: uniqueEmail("first") });
  const context = await browser.newContext();
  const other = await context.newPage();
  await signUp(other, { name: "Nora Normal", email: uniqueEmail("normal") });
  await other.getByTestId("nav-settings").click();
  await expect(other.getByTestId("settings-link-privacy")).toBeVisible();
  await expect(other.getByTestId("settings-link-outbound")).toHaveCount(0);
  const res = await other.goto("/personal/settings/outbound");
  expect(res?.status()).toBe(404);
  expect((await other.request.get("/api/v1/settings/outbound", { headers: ACCOUNT })).status()).toBe(403);
  expect((await other.request.patch("/api/v1/settings/outbound", { headers: ACCOUNT, data: { allowlist: ["10.0.0.0/8"] } })).status()).toBe(403);
  await context.close();
});
