import { z } from "zod";
import { projectAccess } from "@/lib/server/access";
import { jsonBody, route } from "@/lib/server/http";
import { releaseLeases } from "@/lib/server/queue/lease";

const body = z.object({ itemIds: z.array(z.number().int().positive()).max(100).optional() }).strict();

/** Gives the caller's leased items back to the queue (all of them, or the listed ones). */
export const DELETE = route<{ id: string }>(async (req, { id }) => {
  const { user } = await projectAccess(req, id, "labeler");
  const { itemIds } = await jsonBody(req, body);
  return Response.json({ released: await releaseLeases(id, user.id, itemIds) });
});
