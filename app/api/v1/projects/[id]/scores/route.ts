import { z } from "zod";
import { projectAccess } from "@/lib/server/access";
import { UnsupportedMediaTypeError, ValidationError } from "@/lib/server/errors";
import { route, searchParam } from "@/lib/server/http";
import { importScores } from "@/lib/server/import/import-scores";
import { formatFromContentType } from "@/lib/server/import/import-items";

/** Scores from the researcher's retrained model, NDJSON {"id","score"}: a new model version, then a retrain. */
export const POST = route<{ id: string }>(async (req, { id }) => {
  await projectAccess(req, id, "researcher");
  const model = searchParam(req, "model", z.string().trim().min(1, "name the model: ?model=NAME").max(100));
  if (formatFromContentType(req.headers.get("content-type")) !== "ndjson")
    throw new UnsupportedMediaTypeError(req.headers.get("content-type"), ["application/x-ndjson"]);
  if (!req.body) throw new ValidationError("The request has no body: send one {\"id\",\"score\"} per line.");
  return Response.json(await importScores(id, req.body as unknown as AsyncIterable<Uint8Array>, model));
});
