import { expect, test } from "@playwright/test";
import { OPERATOR, signIn, signUp, uniqueEmail } from "../fixtures";

test("Admin invites, the invitee joins, sees no admin controls and is refused the admin API; the operator grants credits", async ({ page, browser }) => {
  const slug = `team-${Date.now().toString(36)}`;
  const inviteeEmail = uniqueEmail("invitee");
  await signUp(page, { name: "Olivia Owner", email: uniqueEmail("owner") });
  await page.goto("/organizations/new");
  await page.getByLabel("Organization name").fill("Team Org");
  await page.getByLabel("URL").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));

  // Invite a Member and copy the single-use link.
  await page.getByTestId("nav-members").click();
  await page.getByTestId("invite-open").click();
  await page.getByLabel("Email").fill(inviteeEmail);
  await page.getByRole("button", { name: "Create invitation" }).click();
  const link = await page.getByTestId("invite-link").textContent();
  expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{40,}$/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId(`invitation-${inviteeEmail}`)).toBeVisible();

  // The invitee opens the link in another browser, signs up, and joins.
  const other = await browser.newContext();
  const invitee = await other.newPage();
  await invitee.goto(new URL(link!).pathname);
  await expect(invitee.getByTestId("invitation")).toContainText("Team Org");
  await invitee.getByRole("link", { name: "Create an account to join" }).click();
  await expect(invitee.getByLabel("Email")).toHaveValue(inviteeEmail);
  await invitee.getByLabel("Name").fill("Ian Invitee");
  await invitee.getByLabel("Password").fill("correct horse battery");
  await invitee.getByRole("button", { name: "Create account" }).click();
  await expect(invitee).toHaveURL(/\/invite\//);
  await invitee.getByRole("button", { name: "Join Team Org" }).click();
  await expect(invitee).toHaveURL(new RegExp(`/${slug}$`));
  await expect(invitee.getByTestId("account-switcher")).toHaveText(/Team Org/);

  // Switch to personal and back: the organization is in the switcher.
  await invitee.getByTestId("account-switcher").click();
  await invitee.getByTestId("switch-to-personal").click();
  await expect(invitee).toHaveURL(/\/personal$/);
  await invitee.getByTestId("account-switcher").click();
  await invitee.getByTestId(`switch-to-${slug}`).click();
  await expect(invitee).toHaveURL(new RegExp(`/${slug}$`));

  // A Member sees no admin controls …
  await expect(invitee.getByTestId("nav-credits")).toHaveCount(0);
  await expect(invitee.getByTestId("nav-broadcast")).toHaveCount(0);
  await invitee.getByTestId("nav-members").click();
  await expect(invitee.getByTestId("members-table")).toContainText(inviteeEmail);
  await expect(invitee.getByTestId("invite-open")).toHaveCount(0);
  await expect(invitee.getByRole("combobox")).toHaveCount(0);
  await expect(invitee.getByRole("button", { name: /^Remove / })).toHaveCount(0);
  await expect(invitee.getByTestId("leave-organization")).toBeVisible();
  // … and the server refuses the admin API.
  const refused = await invitee.request.post("/api/v1/credits/top-ups", { headers: { "x-tollgate-account": slug }, data: { amount: 100 } });
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe(403);
  const invite = await invitee.request.post("/api/v1/organization/invitations", { headers: { "x-tollgate-account": slug }, data: { email: "x@example.test" } });
  expect(invite.status()).toBe(403);
  await other.close();

  // The Admin sees the new member and the empty pool, but cannot mint credits: no button, and the API refuses.
  await page.reload();
  await expect(page.getByTestId(`member-${inviteeEmail}`)).toContainText("Ian Invitee");
  await expect(page.getByTestId("invitations-table")).toHaveCount(0);
  await page.getByTestId("nav-credits").click();
  await expect(page.getByTestId("credit-balance")).toHaveText("$0.00");
  await expect(page.getByTestId("top-up-open")).toHaveCount(0);
  await expect(page.getByTestId("threshold-open")).toBeVisible();
  const selfTopUp = await page.request.post("/api/v1/credits/top-ups", { headers: { "x-tollgate-account": slug }, data: { amount: 1_000_000 } });
  expect(selfTopUp.status()).toBe(403);
  expect((await selfTopUp.json()).error.metadata.reason).toBe("forbidden");

  // The instance operator grants credits to the organization from the instance page.
  const operatorContext = await browser.newContext();
  const operator = await operatorContext.newPage();
  await signIn(operator, OPERATOR.email);
  await expect(operator).toHaveURL(/\/personal$/);
  await operator.getByTestId("nav-settings").click();
  await operator.getByTestId("settings-link-instance-credits").click();
  await operator.getByTestId("instance-accounts").getByRole("button", { name: "Grant credits to Team Org" }).first().click();
  await operator.getByLabel("Amount (USD)").fill("250");
  await operator.getByLabel("Note").fill("PO-2026-118");
  await operator.getByRole("button", { name: "Grant", exact: true }).click();
  await expect(operator.getByTestId("instance-grants")).toContainText("PO-2026-118");
  await expect(operator.getByTestId("instance-grants")).toContainText("Opal Operator");
  await operatorContext.close();

  await page.reload();
  await expect(page.getByTestId("credit-balance")).toHaveText("$250.00");
  await expect(page.getByTestId("ledger")).toContainText("PO-2026-118");
  await expect(page.getByTestId("ledger")).toContainText("Opal Operator");
  await page.getByTestId("nav-overview").click();
  await expect(page.getByTestId("credit-balance")).toHaveText("$250.00");

  // The audit log tells the story.
  await page.getByTestId("nav-audit").click();
  await expect(page.getByTestId("audit-table")).toContainText("member.join");
  await expect(page.getByTestId("audit-table")).toContainText("credits.top_up");
  await expect(page.getByTestId("audit-table")).toContainText("invitation.create");
});

test("an invitation link opened by the wrong account says so and does not join", async ({ page, browser }) => {
  const slug = `wrong-${Date.now().toString(36)}`;
  await signUp(page, { name: "Admin", email: uniqueEmail("admin") });
  await page.goto("/organizations/new");
  await page.getByLabel("Organization name").fill("Wrong Org");
  await page.getByLabel("URL").fill(slug);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(new RegExp(`/${slug}$`));
  const res = await page.request.post("/api/v1/organization/invitations", { headers: { "x-tollgate-account": slug }, data: { email: uniqueEmail("intended"), role: "org:billing" } });
  expect(res.status()).toBe(201);
  const { url } = await res.json();

  const other = await browser.newContext();
  const stranger = await other.newPage();
  await signUp(stranger, { name: "Stranger", email: uniqueEmail("stranger") });
  await stranger.goto(new URL(url).pathname);
  await expect(stranger.getByTestId("wrong-account")).toContainText("this invitation is for");
  await expect(stranger.getByRole("button", { name: /Join/ })).toHaveCount(0);
  await other.close();
});
