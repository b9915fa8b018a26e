/**
 * The e2e server's address and its admin (created from VERGE_ADMIN_* by scripts/e2e-server.mjs, which receives
 * these values through playwright.config.ts → webServer.env). Plain constants: imported by the config too.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

export const ADMIN = {
  email: "e2e-admin@verge.test",
  password: "e2e-admin-password",
  token: "e2e-admin-token-0123456789abcdef",
} as const;

/** The OpenID Connect provider e2e/oidc.spec.ts starts on loopback; the e2e server is configured for it. */
export const OIDC = {
  port: Number(process.env.E2E_OIDC_PORT ?? E2E_PORT + 1),
  clientId: "verge-e2e",
  clientSecret: "verge-e2e-client-secret-0123456789",
} as const;
export const OIDC_ISSUER = `http://127.0.0.1:${OIDC.port}`;
