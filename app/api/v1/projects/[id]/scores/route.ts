import { z } from "zod";
import { projectAccess } from "@/lib/server/access";
import { ValidationError } from "@/lib/server/errors";
import { route, searchParam } from "@/lib/server/http";
import { importScores } from "@/lib/server/import/import-scores";
import { formatFromContentType } from "@/lib/server/import/import-items";
import { declaredLength } from "@/lib/server/import/limits";

/** Scores from the researcher's retrained model, NDJSON {"id","score"} or CSV id,score: a new model version, then a retrain. */
export const POST = route<{ id: string }>(async (req, { id }) => {
  await projectAccess(req, id, "researcher");
  const model = searchParam(req, "model", z.string().trim().min(1, "name the model: ?model=NAME").max(100));
  const format = formatFromContentType(req.headers.get("content-type"));
  if (!req.body) throw new ValidationError("The request has no body: send one {\"id\",\"score\"} per line.");
  return Response.json(await importScores(id, req.body as unknown as AsyncIterable<Uint8Array>, model, format, declaredLength(req)));
});
