import { endSession } from "@/lib/server/auth/session";
import { route } from "@/lib/server/http";

export const POST = route(async () => {
  await endSession();
  return new Response(null, { status: 204 });
});
