import { z } from "zod";
import { projectAccess } from "@/lib/server/access";
import { itemDetail } from "@/lib/server/browse/item";
import { route, zodToValidation } from "@/lib/server/http";

const itemIdSchema = z.coerce.number().int("must be an integer").positive("must be a positive integer").max(2 ** 53 - 1);

/** One item: text, metadata, live score slot, audit stratum and every label (researcher role or above). */
export const GET = route<{ id: string; itemId: string }>(async (req, { id, itemId }) => {
  const { project } = await projectAccess(req, id, "researcher");
  const parsed = itemIdSchema.safeParse(itemId);
  if (!parsed.success) throw zodToValidation(parsed.error, "path.itemId");
  return Response.json(await itemDetail(project, parsed.data), { headers: { "cache-control": "no-store" } });
});
