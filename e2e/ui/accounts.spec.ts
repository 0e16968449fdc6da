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
    const restored = await page.request.patch("/api/v1/settings/sign-up", { headers: { "x-tollgate-account": "personal" }, data: { mode: "open" } });
    expect(restored.status()).toBe(200);
  }
  // Open again: anyone signs up.
  const later = await (await browser.newContext()).newPage();
  await signUp(later, { name: "Late Comer", email: uniqueEmail("late") });
});

test("password reset with the operator's link: the old password stops working and the person's sessions end", async ({ page, browser }) => {
  const email = uniqueEmail("forgetful");
  const person = await (await browser.newContext()).newPage();
  await signUp(person, { name: "Fay Forgetful", email });

  // Without SMTP, the sign-in page sends people to the operator.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto("/sign-in");
  await visitor.getByTestId("forgot-password").click();
  await expect(visitor.getByTestId("reset-by-operator")).toContainText("Ask its operator");

  await signInAsOperator(page);
  await page.goto("/personal/settings/instance");
  await page.getByLabel("Their email").fill(email);
  await page.getByTestId("issue-reset-link").click();
  const link = new URL((await page.getByTestId("reset-link").textContent())!).pathname;
  expect(link).toMatch(/^\/reset-password\/[A-Za-z0-9_-]{43}$/);

  await visitor.goto(link);
  await expect(visitor.getByText(`For ${email}.`)).toBeVisible();
  await visitor.getByLabel("New password").fill("a new passphrase");
  await visitor.getByRole("button", { name: "Set new password" }).click();
  await expect(visitor.getByTestId("reset-done")).toContainText("Your new password is set");

  // The session the person had is over; the link works once; only the new password signs in.
  await person.goto("/personal/keys");
  await expect(person).toHaveURL(/\/sign-in/);
  await visitor.goto(link);
  await expect(visitor.getByTestId("reset-invalid")).toBeVisible();
  await signIn(visitor, email, PASSWORD);
  await expect(visitor.getByTestId("form-error")).toHaveText("Incorrect email or password.");
  await signIn(visitor, email, "a new passphrase");
  await expect(visitor).toHaveURL(/\/personal$/);
});

test("sessions: the profile lists both browsers; sign out everywhere ends the other browser's session", async ({ page, browser }) => {
  const email = uniqueEmail("sessions");
  await signUp(page, { name: "Sam Sessions", email });
  const laptop = await (await browser.newContext()).newPage();
  await signIn(laptop, email);
  await expect(laptop).toHaveURL(/\/personal$/);

  await page.getByTestId("user-menu").click();
  await page.getByTestId("user-menu-profile").click();
  await expect(page).toHaveURL(/\/personal\/settings\/profile$/);
  await expect(page.getByTestId("profile-email")).toHaveValue(email);
  await expect(page.getByTestId("session-row")).toHaveCount(2);
  await expect(page.getByTestId("session-current")).toHaveCount(1);

  // The other browser still works until then.
  expect((await laptop.request.get("/api/v1/sessions")).status()).toBe(200);
  await page.getByTestId("sign-out-everywhere").click();
  await expect(page).toHaveURL(/\/sign-in/);
  const refused = await laptop.request.get("/api/v1/sessions");
  expect(refused.status()).toBe(401);
  await laptop.goto("/personal");
  await expect(laptop).toHaveURL(/\/sign-in/);
});
