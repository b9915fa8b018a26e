import { projectAccess } from "@/lib/server/access";
import { ValidationError } from "@/lib/server/errors";
import { route } from "@/lib/server/http";
import { formatFromContentType, importItems } from "@/lib/server/import/import-items";
import { declaredLength } from "@/lib/server/import/limits";

/** Streams an NDJSON or CSV body into the pool; see design/api.md "Pool". */
export const POST = route<{ id: string }>(async (req, { id }) => {
  await projectAccess(req, id, "researcher");
  const format = formatFromContentType(req.headers.get("content-type"));
  if (!req.body) throw new ValidationError("The request has no body: send the file's rows.");
  const report = await importItems(id, req.body as unknown as AsyncIterable<Uint8Array>, format, undefined, Math.random, declaredLength(req));
  return Response.json(report);
});
