import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { signUp, uniqueEmail } from "../fixtures";

test("an Admin adds a provider key, sees only its last four characters, marks it fallback, reorders and deletes it", async ({ page }) => {
  const slug = `byok-${Date.now().toString(36)}`;
  const secret = `sk-ant-e2e-${randomBytes(12).toString("hex")}Q7z9`;
  await signUp(page, { name: "Bea Admin", email: uniqueEmail("byok") });
  await page.goto("/organizations/new");
  await page.getByLabel("Organization name").fill("Keys Org");
  await page.getByLabel("URL").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));

  // Settings -> Providers.
  await page.getByTestId("nav-settings").click();
  await page.getByTestId("settings-providers").click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/settings/providers$`));
  await expect(page.getByRole("heading", { name: "No provider keys yet" })).toBeVisible();

  // Add an Anthropic key.
  await page.getByTestId("byok-add-open").click();
  await page.getByLabel("Provider", { exact: true }).selectOption("anthropic");
  await page.getByLabel("API key").fill(secret);
  await page.getByLabel("Name (optional)").fill("Claude prod");
  await page.getByRole("button", { name: "Add key" }).click();
  const group = page.getByTestId("byok-provider-anthropic");
  const prod = group.locator("tr", { hasText: "Claude prod" });
  await expect(prod).toBeVisible();
  await expect(prod.getByTestId("byok-label")).toHaveText("…Q7z9");
  await expect(prod).toContainText("Enabled");
  await expect(prod).not.toContainText("Fallback");

  // Only the last four characters, anywhere: the page, a reload, and the API.
  expect(await page.content()).not.toContain(secret.slice(0, -4));
  await page.reload();
  await expect(prod.getByTestId("byok-label")).toHaveText("…Q7z9");
  expect(await page.content()).not.toContain(secret.slice(0, -4));
  const api = await page.request.get("/api/v1/byok", { headers: { "x-tollgate-account": slug } });
  expect(api.status()).toBe(200);
  const listed = await api.json();
  expect(listed.total_count).toBe(1);
  expect(listed.data[0]).toMatchObject({ provider: "anthropic", name: "Claude prod", label: "…Q7z9", is_fallback: false });
  expect(JSON.stringify(listed)).not.toContain(secret.slice(0, -4));

  // Mark it fallback.
  await prod.getByRole("button", { name: "Edit Claude prod" }).click();
  await page.getByLabel("Fallback").check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(prod).toContainText("Fallback");

  // A second key comes after it; moving it up puts it first.
  await page.getByTestId("byok-add-open").click();
  await page.getByLabel("Provider", { exact: true }).selectOption("anthropic");
  await page.getByLabel("API key").fill(`sk-ant-e2e-second-${randomBytes(6).toString("hex")}Zz11`);
  await page.getByLabel("Name (optional)").fill("Claude backup");
  await page.getByLabel("Always use this key").check();
  await page.getByRole("button", { name: "Add key" }).click();
  const backup = group.locator("tr", { hasText: "Claude backup" });
  await expect(backup).toContainText("#2");
  await expect(backup).toContainText("Always use this key");
  await backup.getByRole("button", { name: "Move Claude backup up" }).click();
  await expect(backup).toContainText("#1");
  await expect(prod).toContainText("#2");

  // Disable and enable again.
  await prod.getByRole("button", { name: "Disable Claude prod" }).click();
  await expect(prod).toContainText("Disabled");
  await prod.getByRole("button", { name: "Enable Claude prod" }).click();
  await expect(prod).toContainText("Enabled");

  // Delete it, after confirming.
  await prod.getByRole("button", { name: "Delete Claude prod" }).click();
  await expect(page.getByRole("dialog")).toContainText("…Q7z9");
  await page.getByTestId("byok-delete-confirm").click();
  await expect(prod).toHaveCount(0);
  await expect(backup).toContainText("#1");
  const after = await (await page.request.get("/api/v1/byok", { headers: { "x-tollgate-account": slug } })).json();
  expect(after.data.map((k: { name: string }) => k.name)).toEqual(["Claude backup"]);

  // The audit log has the story, without the secret.
  await page.getByTestId("nav-audit").click();
  await expect(page.getByTestId("audit-table")).toContainText("byok_key.create");
  await expect(page.getByTestId("audit-table")).toContainText("byok_key.delete");
  expect(await page.content()).not.toContain(secret.slice(0, -4));
});

test("a Member finds no Providers link in Settings and is refused the page and the API", async ({ page, browser }) => {
  const slug = `byok-m-${Date.now().toString(36)}`;
  const memberEmail = uniqueEmail("byok-member");
  await signUp(page, { name: "Ada Admin", email: uniqueEmail("byok-admin") });
  await page.goto("/organizations/new");
  await page.getByLabel("Organization name").fill("Members Org");
  await page.getByLabel("URL").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  const headers = { "x-tollgate-account": slug };
  expect((await page.request.post("/api/v1/byok", { headers, data: { provider: "openai", key: "sk-proj-member-cannot-see-1234" } })).status()).toBe(201);
  const invitation = await page.request.post("/api/v1/organization/invitations", { headers, data: { email: memberEmail, role: "MEMBER" } });
  const { url } = await invitation.json();

  const other = await browser.newContext();
  const member = await other.newPage();
  await member.goto(new URL(url).pathname);
  await member.getByRole("link", { name: "Create an account to join" }).click();
  await member.getByLabel("Name").fill("Mo Member");
  await member.getByLabel("Password").fill("correct horse battery");
  await member.getByRole("button", { name: "Create account" }).click();
  await member.getByRole("button", { name: "Join Members Org" }).click();
  await expect(member).toHaveURL(new RegExp(`/${slug}$`));

  await member.getByTestId("nav-settings").click();
  await expect(member.getByTestId("account-details")).toBeVisible();
  await expect(member.getByTestId("settings-providers")).toHaveCount(0);
  await member.goto(`/${slug}/settings/providers`);
  await expect(member.getByRole("heading", { name: "You don't have access to this area" })).toBeVisible();
  await expect(member.getByTestId("byok-add-open")).toHaveCount(0);
  expect(await member.content()).not.toContain("…1234");
  const refused = await member.request.get("/api/v1/byok", { headers });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe(403);
  await other.close();
});
