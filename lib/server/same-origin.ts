import "server-only";
import { CrossOriginError } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Verge's public origin(s): VERGE_ORIGIN and VERGE_TRUSTED_ORIGINS (comma-separated), normalised; may be empty. */
export function configuredOrigins(): string[] {
  const list = [process.env.VERGE_ORIGIN ?? "", ...(process.env.VERGE_TRUSTED_ORIGINS ?? "").split(",")];
  const out: string[] = [];
  for (const s of list) {
    const t = s.trim();
    if (!t) continue;
    try {
      out.push(new URL(t).origin);
    } catch {
      // A malformed entry trusts nothing; it must not widen the set.
    }
  }
  return out;
}

/**
 * The origin the browser addressed: Host (or, with VERGE_TRUST_PROXY=1, the first X-Forwarded-Host and
 * X-Forwarded-Proto of the reverse proxy in front of Verge). Page scripts cannot set these headers.
 */
export function requestOrigin(req: Request): string | null {
  const trustProxy = process.env.VERGE_TRUST_PROXY === "1";
  const first = (h: string | null) => h?.split(",")[0]?.trim() || null;
  const host = (trustProxy ? first(req.headers.get("x-forwarded-host")) : null) ?? req.headers.get("host");
  if (!host) return new URL(req.url).origin; // no Host header: only in-process calls, whose URL is the origin
  const proto = (trustProxy ? first(req.headers.get("x-forwarded-proto")) : null) ?? new URL(req.url).protocol.replace(":", "");
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * Refuses cross-site request forgery: a write (any method but GET/HEAD/OPTIONS) that carries no
 * `Authorization: Bearer` header is authenticated by the browser's cookie, so it must come from Verge's own pages.
 * `Sec-Fetch-Site` decides when the browser sent it (only `same-origin` passes; `same-site`, e.g. another port
 * or a sibling subdomain, is refused); otherwise `Origin` must equal Verge's origin (configured, else the
 * request's own). A cookie write with neither header is refused: every current browser sends one of them, and
 * scripts authenticate with a bearer token. Throws CrossOriginError (403).
 */
export function checkSameOrigin(req: Request): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  // A bearer token, not a cookie, authenticates this; a page of another origin cannot set the header.
  if (/^Bearer\s+\S/i.test(req.headers.get("authorization") ?? "")) return;
  const site = req.headers.get("sec-fetch-site");
  if (site !== null) {
    if (site.trim().toLowerCase() === "same-origin") return;
    throw new CrossOriginError(`Sec-Fetch-Site is "${site.slice(0, 20)}", not "same-origin"`);
  }
  const origin = req.headers.get("origin");
  if (origin === null) throw new CrossOriginError("the request names no Origin");
  const allowed = configuredOrigins();
  if (allowed.length === 0) {
    const own = requestOrigin(req);
    if (own) allowed.push(own);
  }
  if (!allowed.includes(origin.trim())) throw new CrossOriginError(`Origin ${JSON.stringify(origin.slice(0, 100))} is not Verge's own`);
}
