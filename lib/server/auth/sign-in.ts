import "server-only";
import { AppError, ForbiddenError, TooManyRequestsError, UnauthorizedError, ValidationError } from "../errors";
import { authEnv } from "./config";
import { AUTH_BASE_PATH, getAuth, originOf } from "./better-auth";
import { userById, type UserView } from "./users";

/**
 * Verge's auth endpoints (design/api.md) are thin wrappers over Better Auth's: the request is replayed to
 * Better Auth's handler with the caller's headers (cookies, Origin, Sec-Fetch-*, client IP) so its rate limits,
 * origin and CSRF checks apply, and its answers are mapped to Verge's JSON errors.
 */
async function callAuth(req: Request, path: string, body: unknown): Promise<Response> {
  const origin = originOf(req.headers, req.url);
  const auth = await getAuth(origin);
  const headers = new Headers(req.headers);
  headers.delete("content-length");
  headers.set("content-type", "application/json");
  return auth.handler(new Request(`${origin}${AUTH_BASE_PATH}${path}`, { method: "POST", headers, body: JSON.stringify(body) }));
}

async function authError(res: Response): Promise<AppError> {
  const body = (await res.json().catch(() => ({}))) as { message?: string; code?: string };
  if (res.status === 429) {
    const retryAfter = Number(res.headers.get("x-retry-after") ?? res.headers.get("retry-after") ?? 60);
    return new TooManyRequestsError(`Too many sign-in attempts; try again in ${retryAfter} s.`, retryAfter);
  }
  if (res.status === 401) return new UnauthorizedError("Wrong email or password.");
  if (res.status === 403) return new ForbiddenError(`Refused by the origin check: ${body.message ?? "untrusted origin"}.`);
  if (res.status === 400) return new ValidationError(`body: ${body.message ?? "invalid sign-in request"}`);
  return new AppError(res.status, "auth_error", body.message ?? `Sign-in failed (HTTP ${res.status}).`);
}

/** Copies Better Auth's Set-Cookie headers (session cookie, or its deletion) onto Verge's response. */
function withCookies(from: Response, to: Response): Response {
  for (const c of from.headers.getSetCookie()) to.headers.append("set-cookie", c);
  return to;
}

/**
 * Signs in with email and password: 200 `{user}` with the session cookie; 401 for a wrong email or password
 * (the same answer and the same scrypt work whether the email exists or not); 429 with Retry-After once the
 * client IP has made VERGE_LOGIN_RATE_LIMIT attempts in the window; 403 from a foreign origin.
 */
export async function signInWithPassword(req: Request, email: string, password: string): Promise<Response> {
  assertSameOrigin(req);
  const res = await callAuth(req, "/sign-in/email", { email, password, rememberMe: true });
  if (!res.ok) throw await authError(res);
  const { user } = (await res.json()) as { user: { id: string } };
  const view: UserView | null = await userById(user.id);
  if (!view) throw new UnauthorizedError("Wrong email or password.");
  return withCookies(res, Response.json({ user: view }));
}

/** Ends the caller's session (204, the cookie deleted). Cross-site requests are refused before Better Auth runs. */
export async function signOut(req: Request): Promise<Response> {
  assertSameOrigin(req);
  const res = await callAuth(req, "/sign-out", {});
  if (!res.ok && res.status !== 401) throw await authError(res);
  return withCookies(res, new Response(null, { status: 204 }));
}

/**
 * Refuses a browser request sent from another site: `Sec-Fetch-Site: cross-site`, or an `Origin` that is
 * neither Verge's own nor in VERGE_TRUSTED_ORIGINS. Scripts send neither header and pass.
 */
export function assertSameOrigin(req: Request): void {
  const own = originOf(req.headers, req.url);
  const origin = req.headers.get("origin");
  const trusted = [own, ...authEnv().trustedOrigins];
  if (req.headers.get("sec-fetch-site") === "cross-site") throw new ForbiddenError("Cross-site requests may not do this.");
  if (origin !== null && !trusted.includes(origin)) throw new ForbiddenError(`Requests from origin ${origin} may not do this.`);
}
