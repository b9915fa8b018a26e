import { projectAccess } from "@/lib/server/access";
import { route } from "@/lib/server/http";
import { labelerStats, projectStats } from "@/lib/server/stats";

/** Researchers see everything; labelers get their own progress (the labeling page's counter). */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { user, project, role } = await projectAccess(req, id, "labeler");
  return Response.json(role === "labeler" ? await labelerStats(project, user.id) : await projectStats(project, user.id));
});
