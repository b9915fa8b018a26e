import { ADMIN, BASE_URL, expect, test } from "./fixtures";
import { OIDC_ISSUER } from "./constants";
import { startOidcProvider } from "./oidc-provider";
import type { Page } from "@playwright/test";

async function signInWithForm(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

test("signs in and out through the login page", async ({ page }) => {
  await page.goto("/login");
  await signInWithForm(page, ADMIN.email, "not the password at all");
  await expect(page.getByRole("alert").filter({ hasText: "Wrong email or password." })).toBeVisible();
  await signInWithForm(page, ADMIN.email, ADMIN.password);
  await expect(page).toHaveURL(`${BASE_URL}/`);
  const cookie = (await page.context().cookies()).find((c) => c.name === "verge.session_token");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", secure: false });
  expect((await page.request.get("/api/v1/me")).status()).toBe(200);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.request.get("/api/v1/me")).status()).toBe(401);
});

/** `next` values that would leave the site if followed; each must land on Verge's own "/" after sign-in. */
const OPEN_REDIRECTS = [
  "//evil.example/x",
  "/\\evil.example",
  "/\\/evil.example",
  "/\tevil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/%5Cevil.example",
  "/%09/evil.example",
  "/%0A/evil.example",
  "/%2F%2Fevil.example",
  "javascript:alert(document.domain)",
  "https://evil.example/",
];

test("never redirects off-site after sign-in, whatever `next` holds", async ({ page }) => {
  for (const next of OPEN_REDIRECTS) {
    await page.context().clearCookies();
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await signInWithForm(page, ADMIN.email, ADMIN.password);
    await expect(page, `next=${JSON.stringify(next)}`).toHaveURL(`${BASE_URL}/`);
  }
});

test.describe("single sign-on (OpenID Connect)", () => {
  let provider: { close: () => Promise<void> } | undefined;
  test.beforeAll(async () => {
    provider = await startOidcProvider();
  });
  test.afterAll(async () => {
    await provider?.close();
  });

  test("a first-time SSO user goes through the provider, comes back signed in, and has no project roles", async ({ page }) => {
    const email = `sso-${Date.now().toString(36)}@verge.test`;
    await page.goto("/login?next=%2F");
    await page.getByRole("button", { name: "Sign in with SSO" }).click();
    await expect(page).toHaveURL(new RegExp(`^${OIDC_ISSUER}/`));
    await page.locator('input[name="login"]').fill(email);
    await page.locator('input[name="password"]').fill("anything");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(`${BASE_URL}/`);

    const me = await page.request.get("/api/v1/me");
    expect(me.status()).toBe(200);
    expect((await me.json()).user).toMatchObject({ email, isAdmin: false });
    const projects = await page.request.get("/api/v1/projects");
    expect(await projects.json()).toEqual({ projects: [] });
  });
});
