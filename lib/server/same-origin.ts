import "server-only";
import { CrossOriginError } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Verge's public origin(s) when configured: VERGE_BASE_URL (its public URL) and VERGE_TRUSTED_ORIGINS
 * (comma-separated), normalised; empty when neither is set.
 */
export function configuredOrigins(): string[] {
  const list = [process.env.VERGE_BASE_URL ?? "", ...(process.env.VERGE_TRUSTED_ORIGINS ?? "").split(",")];
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
 * The origins the browser may have addressed: scheme and Host as received, and as a reverse proxy reports them
 * (X-Forwarded-Proto, X-Forwarded-Host). A page of another origin cannot set any of these on its requests
 * (custom headers need a CORS preflight, which Verge never grants), so they cannot widen what passes.
 */
export function requestOrigins(req: Request): string[] {
  const first = (h: string | null) => h?.split(",")[0]?.trim() || null;
  const url = new URL(req.url);
  const host = req.headers.get("host") ?? url.host; // no Host header: only in-process calls, whose URL is the origin
  const scheme = url.protocol.replace(":", "");
  const out = new Set<string>();
  for (const [proto, h] of [
    [scheme, host],
    [first(req.headers.get("x-forwarded-proto")) ?? scheme, first(req.headers.get("x-forwarded-host")) ?? host],
  ]) {
    try {
      out.add(new URL(`${proto}://${h}`).origin);
    } catch {
      // Not a host: contributes nothing.
    }
  }
  return [...out];
}

/**
 * Refuses cross-site request forgery: a write (any method but GET/HEAD/OPTIONS) that carries no
 * `Authorization: Bearer` header is authenticated by the browser's cookie, so it must come from Verge's own pages.
 * `Sec-Fetch-Site` decides when the browser sent it (only `same-origin` passes; `same-site`, e.g. another port
 * or a sibling subdomain, is refused); otherwise `Origin` must equal Verge's origin (configured, else the
 * request's own, see requestOrigins). A cookie write with neither header is refused: every current browser sends one of them, and
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
  const configured = configuredOrigins();
  const allowed = configured.length ? configured : requestOrigins(req);
  if (!allowed.includes(origin.trim())) throw new CrossOriginError(`Origin ${JSON.stringify(origin.slice(0, 100))} is not Verge's own`);
}
