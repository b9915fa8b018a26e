import { signInWithPassword } from "@/lib/server/auth/sign-in";
import { jsonBody, route } from "@/lib/server/http";
import { loginSchema } from "@/lib/shared/schemas";

/** POST {email, password} → {user} and the session cookie (Better Auth; see lib/server/auth/sign-in.ts). */
export const POST = route(async (req) => {
  const { email, password } = await jsonBody(req, loginSchema);
  return signInWithPassword(req, email, password);
});
