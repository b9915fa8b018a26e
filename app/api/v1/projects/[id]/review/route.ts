import { projectAccess } from "@/lib/server/access";
import { route, searchParam } from "@/lib/server/http";
import { reviewQuery } from "@/lib/server/review";
import { reviewQuerySchema } from "@/lib/shared/schemas";

/** The review queue: disputed items first, then (contradictions=true) labels contradicting a confident model. */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { project } = await projectAccess(req, id, "researcher");
  const s = reviewQuerySchema.shape;
  const limit = searchParam(req, "limit", s.limit);
  const cursor = searchParam(req, "cursor", s.cursor);
  const contradictions = searchParam(req, "contradictions", s.contradictions);
  return Response.json(await reviewQuery(project, { limit, cursor, contradictions }));
});
