import { expect, test, type Page } from "@playwright/test";
import { createOrganizationWithInvite, OPERATOR, PASSWORD, signIn, signUp, uniqueEmail } from "../fixtures";

async function signInAsOperator(page: Page) {
  await signIn(page, OPERATOR.email, OPERATOR.password);
  await expect(page).toHaveURL(/\/personal$/);
}

test("invite-only: sign-up is refused with a clear message, and an invitation link still signs the invitee up", async ({ page, browser }) => {
  await signInAsOperator(page);
  await page.goto("/personal/settings");
  await page.getByTestId("settings-link-instance").click();
  await expect(page).toHaveURL(/\/personal\/settings\/instance$/);
  await page.getByTestId("sign-up-mode-invite_only").check();
  await page.getByTestId("sign-up-policy-save").click();
  await expect(page.getByText("Sign-up is now invite-only.")).toBeVisible();
  try {
    const stranger = await (await browser.newContext()).newPage();
    await stranger.goto("/sign-up");
    await expect(stranger.getByTestId("sign-up-closed")).toHaveText("This instance is invite-only: ask an Admin for an invitation.");
    await expect(stranger.getByRole("button", { name: "Create account" })).toHaveCount(0);

    // The operator's organization invites someone; the link opens sign-up for that email.
    const slug = `inv-${Date.now().toString(36)}`;
    const email = uniqueEmail("invited");
    const link = await createOrganizationWithInvite(page, { name: "Invite Only Org", slug, email });

    await stranger.goto(link);
    await stranger.getByRole("link", { name: "Create an account to join" }).click();
    await expect(stranger.getByLabel("Email")).toHaveValue(email);
    await stranger.getByLabel("Name").fill("Ivy Invited");
    await stranger.getByLabel("Password").fill(PASSWORD);
    await stranger.getByRole("button", { name: "Create account" }).click();
    await expect(stranger).toHaveURL(/\/invite\//);
    await stranger.getByRole("button", { name: "Join Invite Only Org" }).click();
    await expect(stranger).toHaveURL(new RegExp(`/${slug}$`));

    // With the link but another email, the server refuses with the same message.
    await stranger.context().clearCookies();
    await stranger.goto(`/sign-up?invite=${link.split("/").pop()}`);
    await stranger.getByLabel("Name").fill("Mallory");
    await stranger.getByLabel("Email").fill(uniqueEmail("mallory"));
    await stranger.getByLabel("Password").fill(PASSWORD);
    await stranger.getByRole("button", { name: "Create account" }).click();
    await expect(stranger.getByTestId("form-error")).toHaveText("This instance is invite-only: ask an Admin for an invitation.");
  } finally {
    const restored = await page.request.patch("/api/v1/settings/sign-up", { data: { mode: "open" } });
    expect(restored.status()).toBe(200);
  }
  // Open again: anyone signs up.
  const later = await (await browser.newContext()).newPage();
  await signUp(later, { name: "Late Comer", email: uniqueEmail("late") });
});
