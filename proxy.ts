import { NextResponse, type NextRequest } from "next/server";

/** Whether every segment of a raw path percent-decodes; Next answers a malformed one with a plain-text 500. */
function decodable(pathname: string): boolean {
  try {
    for (const seg of pathname.split("/")) decodeURIComponent(seg);
    return true;
  } catch {
    return false;
  }
}

/**
 * A malformed percent-escape in the path (`/api/v1/projects/%zz`) is a 400 JSON error here, before Next's router
 * fails on it. Then a Content Security Policy for pages, with a fresh nonce per request (Next.js applies it to its own scripts).
 * API routes are not matched (except paths holding a %, to check their encoding): running the proxy on them
 * would make Next buffer request bodies (imports are streamed, any size); their headers come from next.config.js. Inline style attributes stay allowed (React
 * and the charts set them); scripts run only from this origin or with the nonce.
 */
export function proxy(request: NextRequest) {
  if (!decodable(request.nextUrl.pathname)) {
    return Response.json(
      { error: { code: "invalid_request", message: "path: malformed percent-encoding (a % must be followed by two hex digits)" } },
      { status: 400 },
    );
  }
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const dev = process.env.NODE_ENV === "development";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  matcher: [
    "/api/:rest(.*%.*)",
    {
      source: "/((?!api/|_next/static|_next/image|favicon).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
