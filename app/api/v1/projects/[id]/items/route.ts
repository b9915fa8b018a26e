import { projectAccess } from "@/lib/server/access";
import { ValidationError } from "@/lib/server/errors";
import { route, zodToValidation } from "@/lib/server/http";
import { browseItems } from "@/lib/server/browse/browse";
import { browseQuerySchema } from "@/lib/shared/browse";
import { importItems, itemFormatFromRequest } from "@/lib/server/import/import-items";
import { declaredLength } from "@/lib/server/import/limits";

/**
 * Streams a pool into the project: JSON Lines, CSV, Label Studio JSON or Prodigy JSONL (`?format=` or the
 * Content-Type); see design/api.md "Pool" and docs/interop.md. Annotations and answers in the two interop formats
 * become labels of the caller.
 */
export const POST = route<{ id: string }>(async (req, { id }) => {
  const { user } = await projectAccess(req, id, "researcher");
  const format = itemFormatFromRequest(req);
  if (!req.body) throw new ValidationError("The request has no body: send the file's rows.");
  const report = await importItems(id, req.body as unknown as AsyncIterable<Uint8Array>, format, undefined, Math.random, declaredLength(req), user.id);
  return Response.json(report);
});

/** Item browser: search, filters, sort and keyset pagination (researcher role or above); see docs/browse.md. */
export const GET = route<{ id: string }>(async (req, { id }) => {
  const { project } = await projectAccess(req, id, "researcher");
  const parsed = browseQuerySchema.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw zodToValidation(parsed.error, "query");
  return Response.json(await browseItems(project, parsed.data), { headers: { "cache-control": "no-store" } });
});
