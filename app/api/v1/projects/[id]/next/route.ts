import { projectAccess } from "@/lib/server/access";
import { jsonBody, route } from "@/lib/server/http";
import { leaseItems } from "@/lib/server/queue/lease";
import { nextSchema } from "@/lib/shared/schemas";

export const POST = route<{ id: string }>(async (req, { id }) => {
  const { user, project } = await projectAccess(req, id, "labeler");
  const { count } = await jsonBody(req, nextSchema);
  return Response.json({ items: await leaseItems(project, user.id, count ?? 1) });
});
