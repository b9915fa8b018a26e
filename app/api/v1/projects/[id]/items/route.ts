import { projectAccess } from "@/lib/server/access";
import { ValidationError } from "@/lib/server/errors";
import { route, zodToValidation } from "@/lib/server/http";
import { browseItems } from "@/lib/server/browse/browse";
import { browseQuerySchema } from "@/lib/shared/browse";
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

/** Item browser: search, filters, sort and keyset pagination (researcher role or above); see docs/browse.md. */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { project } = await projectAccess(req, id, "researcher");
  const parsed = browseQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw zodToValidation(parsed.error, "query");
  return Response.json(await browseItems(project, parsed.data), { headers: { "cache-control": "no-store" } });
});
