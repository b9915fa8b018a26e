import { projectAccess } from "@/lib/server/access";
import { route } from "@/lib/server/http";
import { projectStats } from "@/lib/server/stats";

/** Researchers see everything; labelers get their own progress (the labeling page's counter). */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { user, project, role } = await projectAccess(req, id, "labeler");
  const stats = await projectStats(project, user.id);
  if (role === "labeler") return Response.json({ items: stats.items, labeled: stats.labeled, queued: stats.queued, me: stats.me });
  return Response.json(stats);
});
