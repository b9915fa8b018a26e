import { projectAccess } from "@/lib/server/access";
import { jsonBody, route, searchParam } from "@/lib/server/http";
import { deleteProject } from "@/lib/server/project-admin";
import { projectViewFor, updateProject } from "@/lib/server/projects";
import { deleteConfirmSchema, updateProjectSchema } from "@/lib/shared/schemas";

/**
 * Labelers may read what the labeling page needs (name, label names, how long a lease lasts, whether item metadata
 * is shown), not the other settings.
 */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { project, role } = await projectAccess(req, id, "labeler");
  return Response.json(projectViewFor(project, role));
});

export const PATCH = route<{ id: string }>(async (req, { id }) => {
  const { role } = await projectAccess(req, id, "researcher");
  const input = await jsonBody(req, updateProjectSchema);
  return Response.json(await updateProject(id, input, role));
});

/**
 * Deletes the project and everything of it; `?confirm=` must be the project's exact name. Project admins only.
 * Answers `{deleted: id, removed: {table: rows}}`.
 */
export const DELETE = route<{ id: string }>(async (req, { id }) => {
  const { user } = await projectAccess(req, id, "admin");
  const confirm = searchParam(req, "confirm", deleteConfirmSchema);
  return Response.json({ deleted: id, removed: await deleteProject(id, confirm, user) });
});
