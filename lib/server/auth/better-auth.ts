import "server-only";
import { randomBytes } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { genericOAuth } from "better-auth/plugins";
import { db, sql } from "../db/client";
import { authEnv, OIDC_PROVIDER_ID, type AuthEnv } from "./config";
import { sqlRateLimitStorage } from "./rate-limit-storage";
import { hashPassword, verifyPassword } from "./crypto";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/shared/password-policy";

/**
 * Better Auth, wired to Verge's database (docs/decisions/auth.md). It owns password sign-in, sessions, rate
 * limits (database storage: every app instance counts together), origin checks and OIDC single sign-on.
 * One instance per public origin: cookies are Secure exactly when that origin is https, and the origin is
 * the only trusted one besides VERGE_TRUSTED_ORIGINS. Set VERGE_BASE_URL in production so it never comes
 * from the Host header.
 */
export const AUTH_BASE_PATH = "/api/auth";
export const COOKIE_PREFIX = "verge";
const SESSION_DAYS = 30;
const SECRET_ROW = "verge-auth-secret";
const MAX_ORIGINS = 16;

function createAuth(baseURL: string, env: AuthEnv, secret: string) {
  const pg = sql().dialect === "postgresql";
  return betterAuth({
    appName: "Verge",
    baseURL,
    basePath: AUTH_BASE_PATH,
    secret,
    trustedOrigins: [baseURL, ...env.trustedOrigins],
    database: prismaAdapter(db(), { provider: pg ? "postgresql" : "sqlite" }),
    emailAndPassword: {
      enabled: true,
      // Admins create accounts (POST /api/v1/users, the CLI, VERGE_ADMIN_*): nobody signs themselves up.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
      // Verge's scrypt encoding, so hashes made before Better Auth keep working.
      password: { hash: hashPassword, verify: ({ hash, password }) => verifyPassword(password, hash) },
    },
    user: {
      additionalFields: {
        isAdmin: { type: "boolean", required: false, defaultValue: false, input: false },
        isDemo: { type: "boolean", required: false, defaultValue: false, input: false },
      },
    },
    session: { expiresIn: SESSION_DAYS * 86_400, updateAge: 86_400 },
    rateLimit: {
      enabled: true,
      storage: "database",
      // The same table, written on Verge's own connection (see rate-limit-storage.ts).
      customStorage: sqlRateLimitStorage,
      window: 60,
      max: 100,
      // Password guesses are limited hard; starting single sign-on only loosely (offices share one address).
      customRules: { "/sign-in/email": env.loginLimit, "/sign-in/social": { window: 60, max: 30 } },
    },
    advanced: {
      cookiePrefix: COOKIE_PREFIX,
      useSecureCookies: env.secureCookies ?? baseURL.startsWith("https://"),
      ipAddress: env.trustedProxies.length > 0 ? { trustedProxies: env.trustedProxies } : undefined,
    },
    plugins: env.oidc
      ? [
          genericOAuth({
            config: [
              {
                providerId: OIDC_PROVIDER_ID,
                discoveryUrl: env.oidc.discoveryUrl,
                clientId: env.oidc.clientId,
                clientSecret: env.oidc.clientSecret,
                scopes: ["openid", "email", "profile"],
                pkce: true,
              },
            ],
          }),
        ]
      : [],
  });
}

export type Auth = ReturnType<typeof createAuth>;

type Globals = { vergeAuth?: { key: string; byOrigin: Map<string, Promise<Auth>>; secret?: Promise<string> } };
const g = globalThis as unknown as Globals;

/** Per-process cache of this database's auth state (tests switch DATABASE_URL between runs). */
function state() {
  const key = process.env.DATABASE_URL ?? "";
  if (!g.vergeAuth || g.vergeAuth.key !== key) g.vergeAuth = { key, byOrigin: new Map() };
  return g.vergeAuth;
}

/**
 * The signing secret: VERGE_AUTH_SECRET, else one generated on first use and kept in the database, so every
 * instance and restart shares it without configuration.
 */
export function authSecret(): Promise<string> {
  const st = state();
  if (!st.secret) {
    st.secret = loadSecret(authEnv());
    st.secret.catch(() => (st.secret = undefined));
  }
  return st.secret;
}

async function loadSecret(env: AuthEnv): Promise<string> {
  if (env.secret) return env.secret;
  const value = randomBytes(32).toString("base64url");
  const far = new Date("9999-12-31T00:00:00Z");
  try {
    await db().verification.create({ data: { id: SECRET_ROW, identifier: SECRET_ROW, value, expiresAt: far } });
  } catch {
    // Another instance created it first (unique id): read theirs.
  }
  const row = await db().verification.findUnique({ where: { id: SECRET_ROW } });
  if (!row) throw new Error("Could not store the generated auth secret.");
  return row.value;
}

/** The public origin of a request: VERGE_BASE_URL when set, else the request's own (Host, X-Forwarded-Proto). */
export function originOf(headers: Headers, url?: string, env: AuthEnv = authEnv()): string {
  if (env.baseUrl) return env.baseUrl;
  const u = url ? new URL(url) : null;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || u?.protocol.replace(":", "") || "http";
  const host = headers.get("host") ?? u?.host ?? "localhost";
  return `${proto === "https" ? "https" : "http"}://${host}`;
}

/** The Better Auth instance serving `origin` (cached per origin and per database). */
export function getAuth(origin: string): Promise<Auth> {
  const cache = state().byOrigin;
  let auth = cache.get(origin);
  if (!auth) {
    // Without VERGE_BASE_URL the origin comes from the Host header: bound the cache so made-up hosts cannot grow it.
    if (cache.size >= MAX_ORIGINS) cache.delete(cache.keys().next().value!);
    const env = authEnv();
    auth = authSecret().then((secret) => createAuth(origin, env, secret));
    auth.catch(() => cache.delete(origin));
    cache.set(origin, auth);
  }
  return auth;
}
