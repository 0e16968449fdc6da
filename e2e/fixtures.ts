import { expect, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

export function uniqueEmail(prefix = "user") {
  return `${prefix}-${randomBytes(4).toString("hex")}@example.test`;
}

export const PASSWORD = "correct horse battery";

/**
 * The instance admin (operator) of every e2e run: e2e/operator.setup.ts (a setup project every spec depends on) signs them up first, on the
 * fresh database. The e2e server runs with TOLLGATE_SIGN_UP=open (the default until the operator
 * chooses), so specs sign up as many people as they like; a spec that changes the policy restores it.
 */
export const OPERATOR = { name: "Opal Operator", email: "operator@example.test", password: PASSWORD };

export async function signUp(page: Page, { name, email, password = PASSWORD }: { name: string; email: string; password?: string }) {
  await page.goto("/sign-up");
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/personal$/);
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByTestId("user-menu").click();
  await page.getByTestId("sign-out").click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** Creates an organization through the UI and invites `email`; returns the invitation link's path. */
export async function createOrganizationWithInvite(page: Page, { name, slug, email }: { name: string; slug: string; email: string }) {
  await page.goto("/organizations/new");
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("URL").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  await page.getByTestId("nav-members").click();
  await page.getByTestId("invite-open").click();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Create invitation" }).click();
  return new URL((await page.getByTestId("invite-link").textContent())!).pathname;
}
