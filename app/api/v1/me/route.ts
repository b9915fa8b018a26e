import { requireUser } from "@/lib/server/auth/session";
import { route } from "@/lib/server/http";

export const GET = route(async (req) => Response.json({ user: await requireUser(req) }));
