import "server-only";
import { ZodError, type ZodType } from "zod";
import { AppError, TooManyRequestsError, UnsupportedMediaTypeError, ValidationError } from "./errors";

export type RouteContext<P extends Record<string, string> = Record<string, string>> = { params: Promise<P> };

/** JSON error body of design/api.md: {"error": {code, message, details?}}. */
export function errorResponse(e: unknown): Response {
  if (e instanceof AppError) {
    return Response.json(
      { error: { code: e.code, message: e.message, ...(e.details !== undefined ? { details: e.details } : {}) } },
      { status: e.status, headers: e instanceof TooManyRequestsError ? { "Retry-After": String(e.retryAfter) } : undefined },
    );
  }
  if (e instanceof ZodError) return errorResponse(zodToValidation(e));
  console.error(e);
  return Response.json({ error: { code: "internal", message: "Internal error; see the server log." } }, { status: 500 });
}

export function zodToValidation(e: ZodError, where = "body"): ValidationError {
  const details = e.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  const first = details[0];
  const msg = first ? `${where}${first.path ? `.${first.path}` : ""}: ${first.message}` : `invalid ${where}`;
  return new ValidationError(msg, details);
}

/** Wraps a route handler so every failure becomes a JSON error, never an HTML page. */
export function route<P extends Record<string, string>>(
  fn: (req: Request, params: P) => Promise<Response>,
): (req: Request, ctx: RouteContext<P>) => Promise<Response> {
  return async (req, ctx) => {
    try {
      return await fn(req, await ctx.params);
    } catch (e) {
      return errorResponse(e);
    }
  };
}

/** Parses a JSON body with a zod schema; a missing or malformed body is a 400 naming the problem. */
export async function jsonBody<T>(req: Request, schema: ZodType<T>): Promise<T> {
  const type = req.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) throw new UnsupportedMediaTypeError(type || null, ["application/json"]);
  let raw: unknown;
  try {
    const text = await req.text();
    raw = text.trim() === "" ? {} : JSON.parse(text);
  } catch (e) {
    throw new ValidationError(`body: malformed JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw zodToValidation(parsed.error);
  return parsed.data;
}

export function searchParam<T>(req: Request, name: string, schema: ZodType<T>): T {
  const v = new URL(req.url).searchParams.get(name) ?? undefined;
  const parsed = schema.safeParse(v);
  if (!parsed.success) throw zodToValidation(parsed.error, `query.${name}`);
  return parsed.data;
}
