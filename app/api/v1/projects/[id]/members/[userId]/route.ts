import { projectAccess } from "@/lib/server/access";
import { jsonBody, route } from "@/lib/server/http";
import { removeMember, setMemberRole } from "@/lib/server/members";
import { memberRoleSchema } from "@/lib/shared/schemas";

/** Changes a member's role (`{"role": "admin" | "researcher" | "labeler"}`). Project admins only. */
export const PATCH = route<{ id: string; userId: string }>(async (req, { id, userId }) => {
  await projectAccess(req, id, "admin");
  const { role } = await jsonBody(req, memberRoleSchema);
  return Response.json(await setMemberRole(id, userId, role));
});

export const DELETE = route<{ id: string; userId: string }>(async (req, { id, userId }) => {
  await projectAccess(req, id, "admin");
  await removeMember(id, userId);
  return new Response(null, { status: 204 });
});
