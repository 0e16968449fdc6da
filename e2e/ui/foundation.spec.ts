import { expect, test } from "@playwright/test";
import { PASSWORD, signIn, signOut, signUp, uniqueEmail } from "../fixtures";

test("sign up, create an organization, switch to it and back, sign out and in again", async ({ page }) => {
  const email = uniqueEmail("founder");
  const slug = `acme-${Date.now().toString(36)}`;
  await signUp(page, { name: "Ada Founder", email });
  await expect(page.getByRole("heading", { name: "Welcome, Ada Founder" })).toBeVisible();
  await expect(page.getByTestId("account-switcher")).toHaveText(/Personal/);

  // Create an organization from the switcher.
  await page.getByTestId("account-switcher").click();
  await page.getByRole("menuitem", { name: "Create organization" }).click();
  await page.getByLabel("Organization name").fill("Acme Robotics");
  await page.getByLabel("URL").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await expect(page.getByRole("heading", { name: "Acme Robotics" })).toBeVisible();
  await expect(page.getByTestId("stat-your-role")).toHaveText("Admin");

  // Switching keeps the area: from the org's API keys to the personal API keys and back.
  await page.getByTestId("nav-keys").click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/keys$`));
  await page.getByTestId("account-switcher").click();
  await page.getByTestId("switch-to-personal").click();
  await expect(page).toHaveURL(/\/personal\/keys$/);
  await expect(page.getByTestId("account-switcher")).toHaveText(/Personal/);
  await page.getByTestId("account-switcher").click();
  await page.getByTestId(`switch-to-${slug}`).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}/keys$`));
  await expect(page.getByTestId("account-switcher")).toHaveText(/Acme Robotics/);

  // Members lists the founder as Admin.
  await page.getByTestId("nav-members").click();
  await expect(page.getByTestId("members-table")).toContainText(email);
  await expect(page.getByTestId("members-table")).toContainText("Admin");

  await signOut(page);
  await page.goto(`/${slug}`);
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, email, "wrong password");
  await expect(page.getByTestId("form-error")).toHaveText("Incorrect email or password.");
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/personal$/);
  await page.goto(`/${slug}`);
  await expect(page.getByRole("heading", { name: "Acme Robotics" })).toBeVisible();
});

test("sign-up errors are explained, change nothing, and never say an email is registered", async ({ page }) => {
  const email = uniqueEmail("dup");
  await signUp(page, { name: "First", email });
  await signOut(page);
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill("Second");
  await page.getByLabel("Email").fill(email.toUpperCase());
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  // a taken email with another password: the same neutral words a failed sign-in gets
  await page.getByLabel("Password").fill("someone else's password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByTestId("form-error")).toHaveText(/could not sign you in/);
  await expect(page.getByText(/already exists/)).toHaveCount(0);
  await expect(page).toHaveURL(/\/sign-up$/);
  // the owner signing up again with the right password is simply signed in, to the same account
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/personal$/);
  await page.getByTestId("user-menu").click();
  await expect(page.getByTestId("user-email")).toHaveText(email);
  await expect(page.getByText("First").first()).toBeVisible();
});

test("an organization is invisible to a user who does not belong to it", async ({ page, browser }) => {
  const slug = `private-${Date.now().toString(36)}`;
  await signUp(page, { name: "Owner", email: uniqueEmail("owner") });
  await page.goto("/organizations/new");
  await page.getByLabel("Organization name").fill("Private Org");
  await page.getByLabel("URL").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));

  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signUp(otherPage, { name: "Outsider", email: uniqueEmail("outsider") });
  const response = await otherPage.goto(`/${slug}/members`);
  expect(response?.status()).toBe(404);
  await expect(otherPage.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await other.close();
});

test("the shell works on a phone-sized screen and in dark mode", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signUp(page, { name: "Mobile User", email: uniqueEmail("mobile") });
  await page.getByRole("button", { name: "Open navigation" }).click();
  await page.getByRole("dialog").getByRole("link", { name: "Activity" }).click();
  await expect(page).toHaveURL(/\/personal\/activity$/);
  await page.getByTestId("user-menu").click();
  await page.getByRole("button", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/dark/);
});
