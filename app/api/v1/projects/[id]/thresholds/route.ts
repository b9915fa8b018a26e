import { projectAccess } from "@/lib/server/access";
import { route, zodToValidation } from "@/lib/server/http";
import { thresholdEstimates } from "@/lib/server/thresholds";
import { thresholdsQuerySchema } from "@/lib/shared/schemas";

/** Estimates at candidate thresholds (researchers): ?from=&to=&steps= (docs/thresholds.md). */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { project } = await projectAccess(req, id, "researcher");
  const parsed = thresholdsQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw zodToValidation(parsed.error, "query");
  return Response.json(await thresholdEstimates(project, parsed.data), { headers: { "cache-control": "no-store" } });
});
