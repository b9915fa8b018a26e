import { startSession } from "@/lib/server/auth/session";
import { authenticate } from "@/lib/server/auth/users";
import { UnauthorizedError } from "@/lib/server/errors";
import { jsonBody, route } from "@/lib/server/http";
import { loginSchema } from "@/lib/shared/schemas";

export const POST = route(async (req) => {
  const { email, password } = await jsonBody(req, loginSchema);
  const user = await authenticate(email, password);
  if (!user) throw new UnauthorizedError("Wrong email or password.");
  await startSession(user.id);
  return Response.json({ user });
});
