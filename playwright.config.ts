// End-to-end tests: Debian's Chromium against the production build (npm start on a fresh
// embedded database in a temporary folder), with a real OpenID Provider on loopback for SSO.
import { defineConfig, devices } from "@playwright/test";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ISSUER, OIDC_NAME, OIDC_PORT } from "./e2e/support/sso";

const PORT = Number(process.env.E2E_PORT ?? 3210);
const BASE_URL = `http://localhost:${PORT}`;
const DATA_DIR = process.env.E2E_DATA_DIR ?? join(tmpdir(), `tollgate-e2e-${Date.now()}`);

export default defineConfig({
  testDir: "./e2e",
  outputDir: "./e2e/.artifacts/results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "operator", testMatch: /operator\.setup\.ts$/, use: { ...devices["Desktop Chrome"], channel: undefined } },
    { name: "chromium", testIgnore: /operator\.setup\.ts$/, dependencies: ["operator"], use: { ...devices["Desktop Chrome"], channel: undefined } },
  ],
  webServer: [
    {
      command: "node e2e/support/oidc-provider.mjs",
      url: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: {
        OIDC_PORT: String(OIDC_PORT),
        OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET,
        OIDC_REDIRECT_URIS: `${BASE_URL}/api/auth/callback/oidc`,
      },
    },
    {
      command: "node scripts/start.mjs",
      url: `${BASE_URL}/api/health`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
      // E2E_DATABASE_URL runs the same journeys against PostgreSQL; by default the embedded database.
      env: {
        PORT: String(PORT),
        TOLLGATE_DATA_DIR: DATA_DIR,
        NEXTAUTH_URL: BASE_URL,
        DATABASE_URL: process.env.E2E_DATABASE_URL ?? "",
        OIDC_ISSUER,
        OIDC_CLIENT_ID,
        OIDC_CLIENT_SECRET,
        OIDC_NAME,
        // The specs' fake destinations and upstreams listen on loopback, which is refused by default.
        TOLLGATE_OUTBOUND_ALLOW: "127.0.0.0/8,::1,localhost",
        // Specs sign up many people; the default (invite-only) is tested by e2e/ui/accounts.spec.ts.
        TOLLGATE_SIGN_UP: "open",
      },
    },
  ],
});
