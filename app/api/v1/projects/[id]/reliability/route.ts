import { projectAccess } from "@/lib/server/access";
import { route } from "@/lib/server/http";
import { projectReliability } from "@/lib/server/reliability";

/** Reliability diagrams and calibration error per model version, from the audit labels (researchers). */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { project } = await projectAccess(req, id, "researcher");
  return Response.json(await projectReliability(project), { headers: { "cache-control": "no-store" } });
});
