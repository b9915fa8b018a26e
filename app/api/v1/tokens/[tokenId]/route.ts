import { requireUser } from "@/lib/server/auth/session";
import { revokeToken } from "@/lib/server/auth/users";
import { route } from "@/lib/server/http";

export const DELETE = route<{ tokenId: string }>(async (req, { tokenId }) => {
  await revokeToken(tokenId, await requireUser(req));
  return new Response(null, { status: 204 });
});
