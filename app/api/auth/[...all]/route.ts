import { AUTH_BASE_PATH, getAuth, originOf } from "@/lib/server/auth/better-auth";
import { NotFoundError } from "@/lib/server/errors";
import { errorResponse, route } from "@/lib/server/http";

/**
 * Better Auth's own endpoints, limited to single sign-on: starting it, the provider's callback, and the error
 * page. Password sign-in and sign-out go through /api/v1/auth/* (design/api.md); nothing else is exposed, so
 * password changes or profile edits cannot bypass Verge's policy.
 */
const ALLOWED = [/^\/sign-in\/social$/, /^\/callback\/[\w-]+$/, /^\/error$/];

async function handle(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname.slice(AUTH_BASE_PATH.length);
  if (!ALLOWED.some((re) => re.test(path))) return errorResponse(new NotFoundError(`Auth endpoint ${path}`));
  const auth = await getAuth(originOf(req.headers, req.url));
  return auth.handler(req);
}

export const GET = handle;
// Writes go through route(): same-origin check for cookie requests (docs/security.md) and the JSON body bound.
export const POST = route(handle);
