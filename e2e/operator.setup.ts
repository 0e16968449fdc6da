// Runs before every spec: the first person to sign up operates the instance (grants credits, edits
// the catalog). Specs sign in as OPERATOR when a journey needs the operator.
import { expect, test as setup } from "@playwright/test";
import { OPERATOR, signUp } from "./fixtures";

setup("the operator signs up first", async ({ page }) => {
  await signUp(page, OPERATOR);
  await page.getByTestId("nav-settings").click();
  await expect(page.getByTestId("settings-link-instance-credits")).toBeVisible();
});
