import { projectAccess } from "@/lib/server/access";
import { route } from "@/lib/server/http";
import { removeMember } from "@/lib/server/members";

export const DELETE = route<{ id: string; userId: string }>(async (req, { id, userId }) => {
  await projectAccess(req, id, "admin");
  await removeMember(id, userId);
  return new Response(null, { status: 204 });
});
