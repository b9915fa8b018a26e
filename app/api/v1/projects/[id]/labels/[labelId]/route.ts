import { projectAccess } from "@/lib/server/access";
import { route } from "@/lib/server/http";
import { assertNotArchived } from "@/lib/server/project-admin";
import { undoLabel } from "@/lib/server/labels";

/** Undo one of the caller's recent labels; the item comes back, leased to the caller. */
export const DELETE = route<{ id: string; labelId: string }>(async (req, { id, labelId }) => {
  const { user, project } = await projectAccess(req, id, "labeler");
  assertNotArchived(project);
  return Response.json({ item: await undoLabel(project, user.id, labelId) });
});
