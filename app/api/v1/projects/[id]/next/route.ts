import { projectAccess } from "@/lib/server/access";
import { jsonBody, route } from "@/lib/server/http";
import { assertNotArchived } from "@/lib/server/project-admin";
import { leaseItems, servedView } from "@/lib/server/queue/lease";
import { nextSchema } from "@/lib/shared/schemas";

export const POST = route<{ id: string }>(async (req, { id }) => {
  const { user, project, role } = await projectAccess(req, id, "labeler");
  assertNotArchived(project);
  const { count, session } = await jsonBody(req, nextSchema);
  const items = await leaseItems(project, user.id, count ?? 1, new Date(), Math.random, session ?? null);
  return Response.json({ items: servedView(items, project, role) });
});
