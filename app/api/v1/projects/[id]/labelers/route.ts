import { projectAccess } from "@/lib/server/access";
import { route } from "@/lib/server/http";
import { labelersView } from "@/lib/server/labelers";

/** Labelers' output and agreement (researchers). */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { project } = await projectAccess(req, id, "researcher");
  return Response.json(await labelersView(project), { headers: { "cache-control": "no-store" } });
});
