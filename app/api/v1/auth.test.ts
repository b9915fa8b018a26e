import { describe, expect, it } from "vitest";
import { ensureAdminFromEnv } from "@/lib/server/auth/users";
import { db } from "@/lib/server/db/client";
import { makeUser, TEST_PASSWORD } from "@/lib/server/test/fixtures";
import * as login from "./auth/login/route";
import * as logout from "./auth/logout/route";
import * as me from "./me/route";
import * as tokens from "./tokens/route";
import * as token from "./tokens/[tokenId]/route";
import * as users from "./users/route";
import * as betterAuth from "../auth/[...all]/route";
import { createUser } from "@/lib/server/auth/users";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- route handlers differ only in their params' shape
type Handler = (req: Request, ctx: { params: Promise<any> }) => Promise<Response>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are read loosely and asserted by value
type Json = Record<string, any>;

let ipCounter = 0;
/** A fresh client address per test: the sign-in rate limit counts per IP. */
const newIp = () => `203.0.113.${++ipCounter}`;

async function call(handler: Handler, opts: { method?: string; body?: unknown; headers?: Record<string, string>; params?: Record<string, string>; url?: string }) {
  // As a browser sends it from Verge's own page (writes without it are refused as cross-origin: docs/security.md).
  const headers: Record<string, string> = { origin: "http://verge.test", ...opts.headers };
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  const req = new Request(opts.url ?? "http://verge.test/api/v1/x", {
    method: opts.method ?? (opts.body !== undefined ? "POST" : "GET"),
    headers,
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: (text ? JSON.parse(text) : null) as Json };
}

/** `name=value` pairs of the Set-Cookie headers, for sending back as a Cookie header. */
const cookieHeader = (h: Headers) => h.getSetCookie().map((c) => c.split(";")[0]).join("; ");

async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  return call(login.POST, { body: { email, password }, headers: { "x-forwarded-for": newIp(), ...headers } });
}

describe("sign-in, sessions and sign-out (Better Auth)", () => {
  it("signs in through the API: session cookie httpOnly and SameSite=Lax, /me, then logout ends the session", async () => {
    const u = await makeUser();
    const res = await signIn(u.email, TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ user: { id: u.id, email: u.email, name: null, isAdmin: false } });
    const set = res.headers.getSetCookie().find((c) => c.startsWith("verge.session_token="));
    expect(set).toBeDefined();
    expect(set).toMatch(/; HttpOnly/i);
    expect(set).toMatch(/; SameSite=Lax/i);
    expect(set).not.toMatch(/; Secure/i);
    const cookie = cookieHeader(res.headers);
    expect((await call(me.GET, { headers: { cookie } })).json).toEqual({ user: { id: u.id, email: u.email, name: null, isAdmin: false } });

    const out = await call(logout.POST, { method: "POST", headers: { cookie, origin: "http://verge.test" } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().some((c) => c.startsWith("verge.session_token=;") || /verge\.session_token=.*Max-Age=0/i.test(c))).toBe(true);
    expect((await call(me.GET, { headers: { cookie } })).status).toBe(401);
  });

  it("uses Secure cookies behind HTTPS (X-Forwarded-Proto https)", async () => {
    const u = await makeUser();
    const res = await signIn(u.email, TEST_PASSWORD, { "x-forwarded-proto": "https", origin: "https://verge.test" });
    expect(res.status).toBe(200);
    const set = res.headers.getSetCookie().find((c) => c.startsWith("__Secure-verge.session_token="));
    expect(set).toMatch(/; Secure/i);
    expect((await call(me.GET, { headers: { cookie: cookieHeader(res.headers) } })).json.user.id).toBe(u.id);
  });

  it("refuses a forged or tampered session cookie", async () => {
    const u = await makeUser();
    const cookie = cookieHeader((await signIn(u.email, TEST_PASSWORD)).headers);
    const [name, value] = cookie.split("=") as [string, string];
    const token = decodeURIComponent(value).split(".")[0]!;
    for (const forged of [token, `${token}.${"A".repeat(43)}=`, `x${decodeURIComponent(value)}`]) {
      expect((await call(me.GET, { headers: { cookie: `${name}=${encodeURIComponent(forged)}` } })).status).toBe(401);
    }
  });

  it("answers unknown and known emails with the same 401", async () => {
    const u = await makeUser();
    const known = await signIn(u.email, "wrong password, long enough");
    const unknown = await signIn("nobody-here@verge.test", "wrong password, long enough");
    expect(known.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.json).toEqual(known.json);
    expect(known.json).toEqual({ error: { code: "unauthorized", message: "Wrong email or password." } });
  });

  it("rate-limits sign-in per client IP: the 6th attempt in a minute is a 429 with Retry-After, kept in the database", async () => {
    const u = await makeUser();
    const ip = newIp();
    for (let i = 0; i < 5; i++) expect((await signIn(u.email, `wrong password ${i}!!`, { "x-forwarded-for": ip })).status).toBe(401);
    const limited = await signIn(u.email, `wrong password 6!!`, { "x-forwarded-for": ip });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(limited.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    expect(limited.json.error.code).toBe("rate_limited");
    // Even the right password waits: guessing cannot continue from this address.
    expect((await signIn(u.email, TEST_PASSWORD, { "x-forwarded-for": ip })).status).toBe(429);
    // A second app instance (no shared memory) sees the same count: it lives in the RateLimit table.
    (globalThis as { vergeAuth?: unknown }).vergeAuth = undefined;
    expect((await signIn(u.email, TEST_PASSWORD, { "x-forwarded-for": ip })).status).toBe(429);
    expect(await db().rateLimit.count({ where: { key: { contains: ip } } })).toBe(1);
    // Another client is not affected.
    expect((await signIn(u.email, TEST_PASSWORD)).status).toBe(200);
  });

  it("refuses sign-in and sign-out from another site (Origin or Sec-Fetch-Site), keeping the session", async () => {
    const u = await makeUser();
    expect((await signIn(u.email, TEST_PASSWORD, { origin: "https://evil.example" })).status).toBe(403);
    const cookie = cookieHeader((await signIn(u.email, TEST_PASSWORD)).headers);
    const foreign: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, { origin: "null" }];
    for (const headers of foreign) {
      const res = await call(logout.POST, { method: "POST", headers: { cookie, ...headers } });
      expect(res.status).toBe(403);
      expect(res.json.error.code).toBe("cross_origin");
    }
    expect((await call(me.GET, { headers: { cookie } })).json.user.id).toBe(u.id);
    // Logout is POST only: there is no GET handler a link or image could trigger.
    expect("GET" in logout).toBe(false);
  });
});

describe("password policy at user creation", () => {
  it("refuses short, blank and common passwords with a 400 naming the field; accepts a long one", async () => {
    const admin = await makeUser(true);
    const cookie = cookieHeader((await signIn(admin.email, TEST_PASSWORD)).headers);
    const weak = ["password", "        ", " ".repeat(16), "short pw", "12345678", "123456789012", "aaaaaaaaaaaaaa", "Password123456", "qwertyuiop12", "abcabcabcabc", "passwordpassword"];
    for (const password of weak) {
      const res = await call(users.POST, { body: { email: `weak-${ipCounter++}@verge.test`, password }, headers: { cookie, origin: "http://verge.test" } });
      expect(res.status, JSON.stringify(password)).toBe(400);
      expect(res.json.error.code).toBe("invalid_request");
      expect(res.json.error.message).toMatch(/^body\.password: /);
    }
    const ok = await call(users.POST, { body: { email: "strong@verge.test", password: "tangerine lamp over the river" }, headers: { cookie } });
    expect(ok.status).toBe(201);
    expect((await signIn("strong@verge.test", "tangerine lamp over the river")).status).toBe(200);
  });
});

describe("API tokens", () => {
  it("are shown once, stored hashed, work as Bearer, and stop working when revoked", async () => {
    const u = await makeUser();
    const cookie = cookieHeader((await signIn(u.email, TEST_PASSWORD)).headers);
    const created = await call(tokens.POST, { body: { name: "script" }, headers: { cookie } });
    expect(created.status).toBe(201);
    const { tokenId, token: secret } = created.json as { tokenId: string; token: string };
    expect(secret).toMatch(/^vrg_/);
    const row = await db().apiToken.findUniqueOrThrow({ where: { id: tokenId } });
    expect(JSON.stringify(row)).not.toContain(secret);
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await call(me.GET, { headers: bearer })).json.user.id).toBe(u.id);
    expect((await call(token.DELETE, { method: "DELETE", headers: bearer, params: { tokenId } })).status).toBe(204);
    const after = await call(me.GET, { headers: bearer });
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe("unauthorized");
  });
});

describe("VERGE_ADMIN_* bootstrap", () => {
  it("creates the admin once, who signs in with the password and calls the API with the token", async () => {
    await db().user.updateMany({ where: { isAdmin: true }, data: { isAdmin: false } });
    const env: NodeJS.ProcessEnv = { NODE_ENV: "test", VERGE_ADMIN_EMAIL: "Boot@Verge.test", VERGE_ADMIN_PASSWORD: "bootstrap admin secret", VERGE_ADMIN_TOKEN: "boot-token-0123456789abcdef" };
    await expect(ensureAdminFromEnv({ ...env, VERGE_ADMIN_PASSWORD: "password1234" })).rejects.toThrow(/^VERGE_ADMIN_PASSWORD is too common/);
    const admin = await ensureAdminFromEnv(env);
    expect(admin).toMatchObject({ email: "boot@verge.test", isAdmin: true });
    expect(await ensureAdminFromEnv(env)).toBeNull();
    const res = await signIn("boot@verge.test", "bootstrap admin secret");
    expect(res.json.user).toMatchObject({ email: "boot@verge.test", isAdmin: true });
    expect((await call(me.GET, { headers: { authorization: `Bearer ${env.VERGE_ADMIN_TOKEN}` } })).json.user.id).toBe(admin!.id);
  });
});

describe("concurrent user creation", () => {
  it("creates one user when two requests race for the same email; the other gets 409", async () => {
    const input = { email: "race@verge.test", password: "a race between two admins" };
    const results = await Promise.allSettled([createUser(input), createUser(input)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toMatchObject({ status: 409, code: "conflict" });
    expect(await db().account.count({ where: { user: { email: "race@verge.test" } } })).toBe(1);
  });
});

describe("Better Auth's own endpoints", () => {
  it("exposes only single sign-on: sign-up, password changes, profile edits and session reads are 404", async () => {
    const u = await makeUser();
    const cookie = cookieHeader((await signIn(u.email, TEST_PASSWORD)).headers);
    for (const [method, path, body] of [
      ["POST", "/sign-up/email", { email: "self@verge.test", password: "self signed up user", name: "x" }],
      ["POST", "/change-password", { currentPassword: TEST_PASSWORD, newPassword: "password" }],
      ["POST", "/update-user", { isAdmin: true }],
      ["GET", "/get-session", undefined],
      ["POST", "/sign-in/email", { email: u.email, password: TEST_PASSWORD }],
    ] as const) {
      const res = await call(betterAuth.POST, {
        method,
        body,
        url: `http://verge.test/api/auth${path}`,
        headers: { cookie, origin: "http://verge.test", "x-forwarded-for": newIp() },
      });
      expect(res.status, path).toBe(404);
    }
    expect(await db().user.count({ where: { email: "self@verge.test" } })).toBe(0);
    expect((await call(me.GET, { headers: { cookie } })).json.user).toMatchObject({ id: u.id, isAdmin: false });
  });
});
