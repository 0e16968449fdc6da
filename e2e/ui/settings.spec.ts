import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "../fixtures";

const completion = (baseURL: string, key: string, provider: Record<string, unknown>) =>
  fetch(`${baseURL}/api/v1/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ model: "sandbox/echo", messages: [{ role: "user", content: "hello" }], provider }),
  });

test("Privacy: the Admin turns on ZDR-only, and a request allowing only a provider that keeps data is refused", async ({ page, baseURL }) => {
  await signUp(page, { name: "Pia Privacy", email: uniqueEmail("privacy") });
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("settings-link-privacy").click();
  await expect(page).toHaveURL(/\/personal\/settings\/privacy$/);
  await expect(page.getByRole("heading", { name: "Privacy" })).toBeVisible();
  await expect(page.getByText(/routed only to provider endpoints that retain no data/)).toBeVisible();
  await expect(page.getByText(/Off by default/)).toBeVisible();
  await expect(page.getByTestId("privacy-read-only")).toHaveCount(0);

  // An inference key for the personal account, made with the session like the Keys page does.
  const created = await page.request.post("/api/v1/keys", { headers: { "x-tollgate-account": "personal" }, data: { name: "privacy-e2e", kind: "inference" } });
  expect(created.status()).toBe(201);
  const { key } = await created.json();

  // Before: Sandbox B (retains data) may serve alone.
  const before = await completion(baseURL!, key, { only: ["sandbox-b"] });
  expect(before.status).toBe(200);
  expect((await before.json()).provider).toBe("Sandbox B");

  const zdr = page.getByRole("switch", { name: "ZDR-only routing" });
  await expect(zdr).toHaveAttribute("aria-checked", "false");
  await zdr.click();
  await expect(zdr).toHaveAttribute("aria-checked", "true");
  await expect(page.getByTestId("zdr-only-status")).toHaveText("On");

  const refused = await completion(baseURL!, key, { only: ["sandbox-b"] });
  expect(refused.status).toBe(400);
  const body = await refused.json();
  expect(body.error.code).toBe(400);
  expect(body.error.message).toMatch(/zero data retention/);
  // Without the constraint the request goes to the ZDR Sandbox A, even when B is preferred.
  const served = await completion(baseURL!, key, { order: ["sandbox-b"] });
  expect(served.status).toBe(200);
  expect((await served.json()).provider).toBe("Sandbox A");

  // The setting is stored: it survives a reload, and prompt logging is still off.
  await page.reload();
  await expect(page.getByRole("switch", { name: "ZDR-only routing" })).toHaveAttribute("aria-checked", "true");
  await expect(page.getByRole("switch", { name: "Prompt logging" })).toHaveAttribute("aria-checked", "false");
});

test("Providers & models: someone who is not the instance admin sees the catalog read-only", async ({ page, browser }) => {
  // Whoever signed up first (the operator, e2e/operator.setup.ts) administers the instance; this person does not.
  await signUp(page, { name: "First Person", email: uniqueEmail("first") });
  const context = await browser.newContext();
  const viewer = await context.newPage();
  await signUp(viewer, { name: "Vera Viewer", email: uniqueEmail("viewer") });
  await viewer.getByTestId("nav-settings").click();
  await viewer.getByTestId("settings-link-catalog").click();
  await expect(viewer).toHaveURL(/\/personal\/settings\/catalog$/);
  await expect(viewer.getByTestId("catalog-read-only")).toBeVisible();
  await expect(viewer.getByTestId("sandbox-badge-sandbox-a")).toHaveText(/built in, works offline/);
  await expect(viewer.getByTestId("provider-row-sandbox-a")).toContainText("ZDR");
  await expect(viewer.getByTestId("provider-row-sandbox-b")).toContainText("Retains data");
  await expect(viewer.getByTestId("endpoints-sandbox-a")).toContainText("sandbox/echo-priced");
  await expect(viewer.getByTestId("add-provider-open")).toHaveCount(0);
  await expect(viewer.getByRole("switch")).toHaveCount(0);
  await expect(viewer.getByRole("button", { name: /^Edit / })).toHaveCount(0);
  const refused = await viewer.request.patch("/api/v1/catalog/providers/sandbox-b", { headers: { "x-tollgate-account": "personal" }, data: { enabled: false } });
  expect(refused.status()).toBe(403);
  await context.close();
});
