import "server-only";
import { z } from "zod";

/**
 * Authentication settings read from the environment (README, "Configuration"). Parsed once with zod: a malformed
 * value fails at the first request with a message naming the variable, never silently.
 */
const envSchema = z.object({
  VERGE_BASE_URL: z.url().optional(),
  VERGE_SECURE_COOKIES: z.enum(["0", "1"]).optional(),
  VERGE_AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  VERGE_TRUSTED_ORIGINS: z.string().optional(),
  VERGE_TRUSTED_PROXIES: z.string().optional(),
  VERGE_LOGIN_RATE_LIMIT: z
    .string()
    .regex(/^\d+\/\d+$/, "must be MAX/SECONDS, e.g. 5/60")
    .optional(),
  VERGE_OIDC_DISCOVERY_URL: z.url().optional(),
  VERGE_OIDC_CLIENT_ID: z.string().min(1).optional(),
  VERGE_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  VERGE_OIDC_NAME: z.string().min(1).optional(),
});

export interface OidcConfig {
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the login button ("Sign in with …"). */
  name: string;
}

export interface AuthEnv {
  /** Public origin of Verge (e.g. https://verge.example.org); when unset, taken from each request. */
  baseUrl: string | undefined;
  /** Forced Secure cookies on (1) or off (0); when unset, on exactly when the base URL is https. */
  secureCookies: boolean | undefined;
  secret: string | undefined;
  trustedOrigins: string[];
  trustedProxies: string[];
  /** Sign-in attempts per client IP and window (seconds) before 429. */
  loginLimit: { max: number; window: number };
  oidc: OidcConfig | null;
}

const list = (s: string | undefined) => (s ?? "").split(",").map((x) => x.trim()).filter(Boolean);

/** The parsed auth environment. Throws an Error naming the bad variable. */
export function authEnv(env: NodeJS.ProcessEnv = process.env): AuthEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`Invalid environment: ${i?.path.join(".")}: ${i?.message}`);
  }
  const e = parsed.data;
  const [max, window] = (e.VERGE_LOGIN_RATE_LIMIT ?? "5/60").split("/").map(Number) as [number, number];
  const oidcParts = [e.VERGE_OIDC_DISCOVERY_URL, e.VERGE_OIDC_CLIENT_ID, e.VERGE_OIDC_CLIENT_SECRET];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    throw new Error("Invalid environment: single sign-on needs VERGE_OIDC_DISCOVERY_URL, VERGE_OIDC_CLIENT_ID and VERGE_OIDC_CLIENT_SECRET together.");
  }
  return {
    baseUrl: e.VERGE_BASE_URL?.replace(/\/+$/, ""),
    secureCookies: e.VERGE_SECURE_COOKIES === undefined ? undefined : e.VERGE_SECURE_COOKIES === "1",
    secret: e.VERGE_AUTH_SECRET,
    trustedOrigins: list(e.VERGE_TRUSTED_ORIGINS),
    trustedProxies: list(e.VERGE_TRUSTED_PROXIES),
    loginLimit: { max, window },
    oidc: e.VERGE_OIDC_DISCOVERY_URL
      ? {
          discoveryUrl: e.VERGE_OIDC_DISCOVERY_URL,
          clientId: e.VERGE_OIDC_CLIENT_ID!,
          clientSecret: e.VERGE_OIDC_CLIENT_SECRET!,
          name: e.VERGE_OIDC_NAME ?? "SSO",
        }
      : null,
  };
}

/** The provider id of the single sign-on provider in Better Auth's routes (callback: /api/auth/callback/sso). */
export const OIDC_PROVIDER_ID = "sso";
