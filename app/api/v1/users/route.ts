import { requireAdmin, requireUser } from "@/lib/server/auth/session";
import { createUser } from "@/lib/server/auth/users";
import { jsonBody, route } from "@/lib/server/http";
import { createUserSchema } from "@/lib/shared/schemas";

export const POST = route(async (req) => {
  requireAdmin(await requireUser(req));
  const input = await jsonBody(req, createUserSchema);
  return Response.json(await createUser(input), { status: 201 });
});
