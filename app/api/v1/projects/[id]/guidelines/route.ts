import { projectAccess } from "@/lib/server/access";
import { jsonBody, route } from "@/lib/server/http";
import { getGuidelines, saveGuidelines } from "@/lib/server/guidelines";
import { guidelinesSchema } from "@/lib/shared/schemas";

/** The project's guidelines (Markdown) and version: every member reads them. */
export const GET = route<{ id: string }>(async (req, { id }) => {
  await projectAccess(req, id, "labeler");
  return Response.json(await getGuidelines(id));
});

/** Replaces the guidelines (researcher); a changed text is a new version. */
export const PUT = route<{ id: string }>(async (req, { id }) => {
  await projectAccess(req, id, "researcher");
  const { markdown } = await jsonBody(req, guidelinesSchema);
  return Response.json(await saveGuidelines(id, markdown));
});
