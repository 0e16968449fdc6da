// Single sign-on with OpenID Connect against a real OpenID Provider on loopback
// (e2e/support/oidc-provider.mjs, started by playwright.config.ts).
import { expect, test, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { signOut, signUp, uniqueEmail } from "../fixtures";
import { OIDC_ISSUER, OIDC_NAME, SSO_EMAIL_DOMAIN } from "../support/sso";

const unique = () => randomBytes(4).toString("hex");
const AT_PROVIDER = new RegExp(`^${OIDC_ISSUER.replace(/\./g, "\\.")}/interaction/`);

/** Clicks "Continue with …" on /sign-in; the browser goes to the provider (or straight back with a live provider session). */
async function continueWithSso(page: Page) {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Continue with ${OIDC_NAME}` }).click();
}

/** Signs in at the provider's development login page: any password, the login names the identity. */
async function loginAtProvider(page: Page, login: string) {
  await expect(page).toHaveURL(AT_PROVIDER);
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
}

async function expectSignedInAs(page: Page, email: string) {
  await expect(page).toHaveURL(/\/personal$/);
  await page.getByTestId("user-menu").click();
  await expect(page.getByTestId("user-email")).toHaveText(email);
  await page.keyboard.press("Escape");
}

async function createOrganization(page: Page, name: string, slug: string) {
  await page.goto("/organizations/new");
  await page.getByLabel("Organization name").fill(name);
  await page.getByLabel("URL").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
}

test("a new identity signs in with SSO, gets a personal account just in time, and comes back as the same user", async ({ page }) => {
  const login = `sso-alice-${unique()}`;
  const email = `${login}@${SSO_EMAIL_DOMAIN}`;
  const slug = `sso-org-${Date.now().toString(36)}`;

  await continueWithSso(page);
  await loginAtProvider(page, login);
  await expectSignedInAs(page, email);
  await expect(page.getByRole("heading", { name: /^Welcome, Sso Alice/ })).toBeVisible();
  await expect(page.getByTestId("account-switcher")).toHaveText(/Personal/);

  // Something only this user has, to recognise them after signing in again.
  await createOrganization(page, "SSO Org", slug);
  await signOut(page);

  // The provider still has a session: it sends the browser straight back, without a login page.
  await continueWithSso(page);
  await expectSignedInAs(page, email);
  await page.getByTestId("account-switcher").click();
  await expect(page.getByTestId("switch-to-personal")).toHaveCount(1);
  await expect(page.getByTestId(`switch-to-${slug}`)).toBeVisible();
});

test("an existing password user whose email matches the SSO email is linked, not duplicated", async ({ page }) => {
  const email = uniqueEmail("linked");
  const slug = `linked-${Date.now().toString(36)}`;
  await signUp(page, { name: "Lin Ked", email });
  await createOrganization(page, "Linked Org", slug);
  await signOut(page);

  // The provider asserts the same address in another case: Tollgate compares emails case-insensitively.
  await continueWithSso(page);
  await loginAtProvider(page, email.toUpperCase());
  await expectSignedInAs(page, email);
  await expect(page.getByRole("heading", { name: "Welcome, Lin Ked" })).toBeVisible();
  await page.getByTestId("account-switcher").click();
  await expect(page.getByTestId(`switch-to-${slug}`)).toBeVisible();
});

test("a provider that shares no email address is refused with a clear message", async ({ page }) => {
  await continueWithSso(page);
  await loginAtProvider(page, `no-email-${unique()}`);
  await expect(page).toHaveURL(/\/sign-in\?.*error=SsoNoEmail/);
  await expect(page.getByTestId("form-error")).toHaveText(/did not share an email address/);
  await page.goto("/personal");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("an unverified SSO email is not linked to an existing password user", async ({ page }) => {
  const login = `unverified-${unique()}`;
  await signUp(page, { name: "Careful User", email: `${login}@${SSO_EMAIL_DOMAIN}` });
  await signOut(page);

  await continueWithSso(page);
  await loginAtProvider(page, login);
  await expect(page).toHaveURL(/\/sign-in\?.*error=SsoEmailNotVerified/);
  await expect(page.getByTestId("form-error")).toHaveText(/has not verified your email address/);
});

test("cancelling at the provider returns to sign-in with an explanation", async ({ page }) => {
  await continueWithSso(page);
  await expect(page).toHaveURL(AT_PROVIDER);
  await page.getByRole("link", { name: "[ Cancel ]" }).click();
  // next-auth reports an error from the provider (here access_denied) as "Callback".
  await expect(page).toHaveURL(/\/sign-in\?.*error=(OAuth)?Callback/);
  await expect(page.getByTestId("form-error")).toHaveText("Single sign-on failed. Try again or use your password.");
});

test("an unknown error code in the URL is shown as a generic message, never as text", async ({ page }) => {
  await page.goto("/sign-in?error=Call%20555-0100%20to%20unlock%20your%20account");
  await expect(page.getByTestId("form-error")).toHaveText("Sign-in failed. Try again.");
});
