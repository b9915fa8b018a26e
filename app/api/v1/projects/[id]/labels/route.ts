import { projectAccess } from "@/lib/server/access";
import { jsonBody, route } from "@/lib/server/http";
import { assertNotArchived } from "@/lib/server/project-admin";
import { createLabel } from "@/lib/server/labels";
import { createLabelSchema } from "@/lib/shared/schemas";

export const POST = route<{ id: string }>(async (req, { id }) => {
  const { user, project } = await projectAccess(req, id, "labeler");
  assertNotArchived(project);
  const input = await jsonBody(req, createLabelSchema);
  const label = await createLabel(project, user.id, input);
  return Response.json(label, { status: label.duplicate ? 200 : 201 });
});
