import { projectAccess } from "@/lib/server/access";
import { jsonBody, route } from "@/lib/server/http";
import { projectViewFor, updateProject } from "@/lib/server/projects";
import { updateProjectSchema } from "@/lib/shared/schemas";

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
