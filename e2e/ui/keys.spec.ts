import { expect, test, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "../fixtures";

async function createKeyInUi(page: Page, name: string, kind: "Inference" | "Management (provisioning)") {
  await page.getByTestId("create-key-open").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Kind").selectOption({ label: kind });
  await dialog.getByRole("button", { name: "Create key" }).click();
  const secret = (await page.getByTestId("new-key-secret").textContent())!;
  expect(secret).toMatch(/^sk-tg-v1-[0-9a-f]{64}$/);
  await page.getByRole("button", { name: "Done" }).click();
  return secret;
}

test("a management key made in the UI drives the keys API as the OpenRouter API does", async ({ page, baseURL }) => {
  await signUp(page, { name: "Kay Keys", email: uniqueEmail("keys") });
  await page.getByTestId("nav-keys").click();
  await expect(page.getByText("No API keys yet")).toBeVisible();
  const mgmt = await createKeyInUi(page, "provisioner", "Management (provisioning)");
  await expect(page.getByTestId("key-row-provisioner")).toContainText("Management");

  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${baseURL}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${mgmt}`, "content-type": "application/json", ...init.headers } });
  const created = await api("/keys", { method: "POST", body: JSON.stringify({ name: "customer-42", limit: 25, limit_reset: "monthly" }) });
  expect(created.status).toBe(201);
  const { data, key } = await created.json();
  expect(data).toMatchObject({ name: "customer-42", limit: 25, limit_reset: "monthly", disabled: false });
  const list = await (await api("/keys")).json();
  expect(list.data.map((k: { hash: string }) => k.hash)).toContain(data.hash);
  const patched = await api(`/keys/${data.hash}`, { method: "PATCH", body: JSON.stringify({ limit: 30 }) });
  expect((await patched.json()).data.limit).toBe(30);
  const rotated = await api(`/keys/${data.hash}/rotate`, { method: "POST", body: JSON.stringify({ revoke_previous_after_seconds: 0 }) });
  expect(rotated.status).toBe(201);
  const successor = await rotated.json();
  expect(successor.data.rotated_from_hash).toBe(data.hash);
  expect((await fetch(`${baseURL}/api/v1/key`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(401);
  expect((await fetch(`${baseURL}/api/v1/key`, { headers: { authorization: `Bearer ${successor.key}` } })).status).toBe(200);
  // An inference key cannot manage keys.
  expect((await fetch(`${baseURL}/api/v1/keys`, { headers: { authorization: `Bearer ${successor.key}` } })).status).toBe(403);
  const deleted = await api(`/keys/${successor.data.hash}`, { method: "DELETE" });
  expect(await deleted.json()).toEqual({ deleted: true });

  // The page shows what the API did.
  await page.reload();
  await page.getByLabel("Status").selectOption("all");
  await expect(page.getByTestId("key-row-customer-42")).toContainText("expired");
});

test("rotation wizard: overlap, reveal once, live test, watch the old key drain, revoke", async ({ page, baseURL }) => {
  await signUp(page, { name: "Rita Rotate", email: uniqueEmail("rotate") });
  await page.goto("/personal/keys");
  const oldKey = await createKeyInUi(page, "backend", "Inference");

  await page.getByRole("button", { name: "Actions for backend" }).click();
  await page.getByRole("menuitem", { name: "Rotate…" }).click();
  await page.getByLabel("Keep both for 1 hour").check();
  await page.getByTestId("rotate-confirm").click();
  const newKey = (await page.getByTestId("new-key-secret").textContent())!;
  expect(newKey).not.toBe(oldKey);
  await page.getByRole("button", { name: "I saved it" }).click();
  await page.getByTestId("test-new-key").click();
  await expect(page.getByTestId("test-result")).toContainText("The new key works");
  await page.getByRole("button", { name: "Next: watch the old key" }).click();

  // Traffic still on the old key shows up in the drain view.
  for (let i = 0; i < 3; i++) expect((await fetch(`${baseURL}/api/v1/key`, { headers: { authorization: `Bearer ${oldKey}` } })).status).toBe(200);
  await expect(page.getByTestId("old-request-count")).toHaveText("3", { timeout: 15_000 });
  await expect(page.getByTestId("old-last-used")).not.toHaveText("Never");
  await page.getByRole("button", { name: "Next", exact: true }).click();
  await page.getByTestId("revoke-old").click();
  await expect(page.getByRole("dialog")).toHaveCount(0);

  expect((await fetch(`${baseURL}/api/v1/key`, { headers: { authorization: `Bearer ${oldKey}` } })).status).toBe(401);
  expect((await fetch(`${baseURL}/api/v1/key`, { headers: { authorization: `Bearer ${newKey}` } })).status).toBe(200);
  await page.getByLabel("Status").selectOption("all");
  await expect(page.getByTestId("keys-table").getByText("expired")).toBeVisible();
});
