import { requireAdmin, requireUser } from "@/lib/server/auth/session";
import { createToken, listTokens } from "@/lib/server/auth/users";
import { jsonBody, route } from "@/lib/server/http";
import { createTokenSchema } from "@/lib/shared/schemas";

/** A new API token, shown once. Admins may create one for another user. */
export const POST = route(async (req) => {
  const user = await requireUser(req);
  const { name, userId } = await jsonBody(req, createTokenSchema);
  if (userId && userId !== user.id) requireAdmin(user);
  const t = await createToken(userId ?? user.id, name);
  return Response.json({ tokenId: t.id, token: t.token }, { status: 201 });
});

/** The caller's tokens (id, name, created, last used, revoked), never their secrets. */
export const GET = route(async (req) => {
  const user = await requireUser(req);
  return Response.json({ tokens: await listTokens(user.id) });
});
