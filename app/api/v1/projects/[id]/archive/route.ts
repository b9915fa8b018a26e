import { projectAccess } from "@/lib/server/access";
import { jsonBody, route } from "@/lib/server/http";
import { setArchived } from "@/lib/server/project-admin";
import { projectView } from "@/lib/server/projects";
import { archiveSchema } from "@/lib/shared/schemas";

/** Archives (`{"archived": true}`) or restores a project. Project admins only. */
export const POST = route<{ id: string }>(async (req, { id }) => {
  const { user, role } = await projectAccess(req, id, "admin");
  const { archived } = await jsonBody(req, archiveSchema);
  return Response.json(projectView(await setArchived(id, archived, user), role));
});
