import { signOut } from "@/lib/server/auth/sign-in";
import { route } from "@/lib/server/http";

/** POST only, origin-checked: ends the session and deletes its cookie (204). */
export const POST = route(async (req) => signOut(req));
