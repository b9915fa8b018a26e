import { NotFoundError } from "@/lib/server/errors";
import { route } from "@/lib/server/http";

/** Any path under /api/v1 that no route serves: a JSON 404 (never Next's HTML page), for every method. */
const notFound = route<{ path: string[] }>(async (req) => {
  throw new NotFoundError(`API endpoint ${req.method} ${new URL(req.url).pathname.slice(0, 200)}`);
});

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
