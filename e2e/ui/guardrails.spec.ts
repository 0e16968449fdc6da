import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "../fixtures";

test("Guardrails: create one with a budget and a model allowlist, assign it to a key, a blocked request, and the key's effective policy explains it", async ({ page, baseURL }) => {
  await signUp(page, { name: "Gwen Guard", email: uniqueEmail("guard") });
  const created = await page.request.post("/api/v1/keys", { headers: { "x-tollgate-account": "personal" }, data: { name: "guarded-key", kind: "inference" } });
  expect(created.status()).toBe(201);
  const { key } = await created.json();
  const ask = (model: string) =>
    fetch(`${baseURL}/api/v1/chat/completions`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify({ model, messages: [{ role: "user", content: "hello" }] }) });
  expect((await ask("sandbox/echo")).status).toBe(200);

  await page.getByTestId("nav-guardrails").click();
  await expect(page).toHaveURL(/\/personal\/guardrails$/);
  await expect(page.getByText("No guardrails yet")).toBeVisible();

  // Create: a $5/day budget, and only the priced Sandbox model.
  await page.getByTestId("create-guardrail-open").click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Name", { exact: true }).fill("Priced echo only");
  await form.getByLabel("Budget (USD)").fill("5");
  await form.getByTestId("picker-allowed-models").getByLabel("Restrict to a list").check();
  await form.getByLabel("Allowed models: sandbox/echo-priced").check();
  await form.getByRole("button", { name: "Create guardrail" }).click();
  const row = page.getByTestId("guardrail-row-Priced echo only");
  await expect(row).toContainText("$5.00 / day");
  await expect(row).toContainText("models: sandbox/echo-priced");
  await expect(row).toContainText("0 keys · 0 members");

  // Created but not assigned: it enforces nothing yet.
  expect((await ask("sandbox/echo")).status).toBe(200);

  // Assign it to the key.
  await row.getByRole("button", { name: "Assign Priced echo only" }).click();
  const assign = page.getByRole("dialog");
  await assign.getByLabel("Key guarded-key").check();
  await assign.getByRole("button", { name: "Save assignments" }).click();
  await expect(row).toContainText("1 key · 0 members");

  // The blocked request names the guardrail.
  const blocked = await ask("sandbox/echo");
  expect(blocked.status).toBe(403);
  const body = await blocked.json();
  expect(body.error.code).toBe(403);
  expect(body.error.message).toMatch(/Guardrail "Priced echo only" blocks this request: sandbox\/echo: model not in the allowlist/);
  expect(body.error.metadata.guardrail_name).toBe("Priced echo only");

  // The key's effective policy explains it before anyone asks.
  await page.getByTestId("nav-keys").click();
  await page.getByRole("button", { name: "Effective policy of guarded-key" }).click();
  const policy = page.getByRole("dialog").getByTestId("effective-policy");
  await expect(policy).toContainText("Priced echo only (on the key)");
  await expect(policy).toContainText(/Allowed models\s*sandbox\/echo-priced — from “Priced echo only”/);
  await expect(policy).toContainText("Zero data retentionnot required");
  await expect(policy.getByTestId("effective-budget")).toContainText("“Priced echo only” (per key)");
  await expect(policy.getByTestId("effective-budget")).toContainText("$0.00 used of $5.00 / day");
  await expect(policy.getByTestId("effective-budget")).toContainText("$5.00 remaining");
});
