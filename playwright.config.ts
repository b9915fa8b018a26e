import fs from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { ADMIN, BASE_URL, E2E_PORT, OIDC, OIDC_ISSUER } from "./e2e/constants";

/**
 * End-to-end tests against a production build on a fresh SQLite database (scripts/e2e-server.mjs).
 * Browsers: `npx playwright install` cannot download here, so Debian's Chromium is used when it is installed
 * (CHROMIUM_PATH overrides); elsewhere Playwright's own Chromium.
 */
const debianChromium = "/usr/bin/chromium";
const executablePath = process.env.CHROMIUM_PATH || (fs.existsSync(debianChromium) ? debianChromium : undefined);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: BASE_URL,
    trace: "retain-on-failure",
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `${BASE_URL}/login`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    env: {
      E2E_PORT: String(E2E_PORT),
      E2E_ADMIN_EMAIL: ADMIN.email,
      E2E_ADMIN_PASSWORD: ADMIN.password,
      E2E_ADMIN_TOKEN: ADMIN.token,
      VERGE_OIDC_DISCOVERY_URL: `${OIDC_ISSUER}/.well-known/openid-configuration`,
      VERGE_OIDC_CLIENT_ID: OIDC.clientId,
      VERGE_OIDC_CLIENT_SECRET: OIDC.clientSecret,
    },
  },
});
