import "server-only";
import { ZodError, type ZodType } from "zod";
import { checkContentLength, checkJsonDepth, maxJsonBytes, readBoundedText } from "./body-limit";
import { AppError, clip, TooManyRequestsError, UnsupportedMediaTypeError, ValidationError } from "./errors";
import { mediaType } from "./media-type";
import { checkSameOrigin } from "./same-origin";

export type RouteContext<P extends Record<string, string | string[]> = Record<string, string>> = { params: Promise<P> };

/** Marks handlers made by `route()`; a test checks every API write handler carries it (so is CSRF-guarded). */
export const GUARDED = Symbol.for("verge.route-guarded");

/** Longest error message sent; longer ones (they may repeat input) are clipped. */
const MAX_MESSAGE = 500;

/** JSON error body of design/api.md: {"error": {code, message, details?}}. Echoed strings are clipped. */
export function errorResponse(e: unknown): Response {
  if (e instanceof AppError) {
    return Response.json(
      { error: { code: e.code, message: clip(e.message, MAX_MESSAGE), ...(e.details !== undefined ? { details: clipDeep(e.details) } : {}) } },
      { status: e.status, headers: e instanceof TooManyRequestsError ? { "Retry-After": String(e.retryAfter) } : undefined },
    );
  }
  if (e instanceof ZodError) return errorResponse(zodToValidation(e));
  console.error(e);
  return Response.json({ error: { code: "internal", message: "Internal error; see the server log." } }, { status: 500 });
}

/** Clips every string inside error details (zod issues can carry the offending input). */
function clipDeep(v: unknown, depth = 0): unknown {
  if (typeof v === "string") return clip(v);
  if (depth > 4 || v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.slice(0, 200).map((x) => clipDeep(x, depth + 1));
  return Object.fromEntries(Object.entries(v).slice(0, 50).map(([k, x]) => [clip(k), clipDeep(x, depth + 1)]));
}

/** A zod failure as a 400 naming the first bad field (`body.threshold: must be below 1`); messages are clipped. */
export function zodToValidation(e: ZodError, where = "body"): ValidationError {
  const details = e.issues.slice(0, 20).map((i) => ({ path: clip(i.path.map(String).join(".")), message: clip(i.message) }));
  const first = details[0];
  const msg = first ? `${where}${first.path ? `.${first.path}` : ""}: ${first.message}` : `invalid ${where}`;
  return new ValidationError(msg, details);
}

/**
 * Wraps a route handler: refuses cross-origin cookie writes (lib/server/same-origin.ts) and bodies declared
 * larger than VERGE_MAX_JSON_BYTES on JSON requests, and turns every failure into a JSON error, never an HTML page.
 */
export function route<P extends Record<string, string | string[]>>(
  fn: (req: Request, params: P) => Promise<Response>,
): (req: Request, ctx: RouteContext<P>) => Promise<Response> {
  const handler = async (req: Request, ctx: RouteContext<P>) => {
    try {
      checkSameOrigin(req);
      if (mediaType(req.headers.get("content-type")) === "application/json") checkContentLength(req, maxJsonBytes());
      return await fn(req, await ctx.params);
    } catch (e) {
      return errorResponse(e);
    }
  };
  return Object.assign(handler, { [GUARDED]: true });
}

/**
 * Parses a JSON body with a zod schema. The Content-Type must be exactly application/json (parameters allowed);
 * the body is read with a byte limit (413 past VERGE_MAX_JSON_BYTES) and a nesting limit; a missing or malformed
 * body is a 400 naming the problem.
 */
export async function jsonBody<T>(req: Request, schema: ZodType<T>): Promise<T> {
  const type = req.headers.get("content-type");
  if (mediaType(type) !== "application/json") throw new UnsupportedMediaTypeError(type || null, ["application/json"]);
  const text = await readBoundedText(req, maxJsonBytes());
  let raw: unknown;
  if (text.trim() === "") raw = {};
  else {
    checkJsonDepth(text);
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new ValidationError(`body: malformed JSON (${clip((e as Error).message)})`);
    }
  }
  const bad = illFormedPath(raw);
  if (bad !== null) throw new ValidationError(`body${bad ? `.${bad}` : ""}: text holds a lone UTF-16 surrogate (not valid Unicode)`, [{ path: bad }]);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw zodToValidation(parsed.error);
  return parsed.data;
}

/**
 * The path of the first string (or key) that is not well-formed UTF-16, or null. JSON's \ud800 escapes can
 * produce lone surrogates, which neither SQLite's UTF-8 nor PostgreSQL can store.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const wellFormed = (s: string) => s.search(LONE_SURROGATE) < 0;
const toWellFormed = (s: string) => s.replace(LONE_SURROGATE, "\uFFFD");

function illFormedPath(v: unknown, path = ""): string | null {
  if (typeof v === "string") return wellFormed(v) ? null : path;
  if (v === null || typeof v !== "object") return null;
  for (const [k, x] of Object.entries(v)) {
    const p = path ? `${path}.${k}` : k;
    if (!wellFormed(k)) return clip(toWellFormed(p));
    const hit = illFormedPath(x, p);
    if (hit !== null) return clip(toWellFormed(hit));
  }
  return null;
}

/** A query parameter parsed with a zod schema; a bad one is a 400 naming `query.<name>`. */
export function searchParam<T>(req: Request, name: string, schema: ZodType<T>): T {
  const v = new URL(req.url).searchParams.get(name) ?? undefined;
  const parsed = schema.safeParse(v);
  if (!parsed.success) throw zodToValidation(parsed.error, `query.${name}`);
  return parsed.data;
}
