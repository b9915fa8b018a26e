import { z } from "zod";
import { projectAccess } from "@/lib/server/access";
import { zodToValidation, jsonBody, route, searchParam } from "@/lib/server/http";
import { adjudicate, undoAdjudication } from "@/lib/server/review";
import { adjudicationSchema } from "@/lib/shared/schemas";

const itemIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

function parseItemId(raw: string): number {
  const r = itemIdSchema.safeParse(raw);
  if (!r.success) throw zodToValidation(r.error, "path.itemId");
  return r.data;
}

/** Sets the item's final label (researcher): 201 with the new adjudication, 200 when it was already so. */
export const POST = route<{ id: string; itemId: string }>(async (req, { id, itemId }) => {
  const { user, project } = await projectAccess(req, id, "researcher");
  const n = parseItemId(itemId);
  const { value } = await jsonBody(req, adjudicationSchema);
  const a = await adjudicate(project, user.id, n, value);
  return Response.json({ adjudication: a }, { status: a.duplicate ? 200 : 201 });
});

/** Undoes the item's live adjudication (`?adjudicationId=` makes a retried undo a 409, not a second undo). */
export const DELETE = route<{ id: string; itemId: string }>(async (req, { id, itemId }) => {
  const { user, project } = await projectAccess(req, id, "researcher");
  const n = parseItemId(itemId);
  const adjudicationId = searchParam(req, "adjudicationId", z.string().min(1).max(100).optional());
  return Response.json(await undoAdjudication(project, user.id, n, adjudicationId));
});
