// Before any spec: the operator signs up first on the fresh database, so they are the instance admin
// (e2e/fixtures.ts OPERATOR) whichever spec runs first.
import { chromium, type FullConfig } from "@playwright/test";
import { OPERATOR, signUp } from "./fixtures";

export default async function globalSetup(config: FullConfig) {
  const { baseURL, launchOptions } = config.projects[0].use;
  const browser = await chromium.launch(launchOptions);
  try {
    const page = await browser.newPage({ baseURL });
    await signUp(page, OPERATOR);
  } finally {
    await browser.close();
  }
}
