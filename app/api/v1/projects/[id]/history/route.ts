import { projectAccess } from "@/lib/server/access";
import { estimateHistory } from "@/lib/server/estimate-history";
import { route } from "@/lib/server/http";

/** The audit estimate at τ per model version, as recorded at each retrain (researchers). */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { project } = await projectAccess(req, id, "researcher");
  return Response.json(await estimateHistory(project.id), { headers: { "cache-control": "no-store" } });
});
