import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { ValidationError } from "../errors";
import { BROWSE_SORTS, type BrowseQuery } from "@/lib/shared/browse";

/**
 * Keyset cursors of the item browser: base64url JSON of the last row's sort value and id, the sort it belongs to
 * and a fingerprint of the filters. A cursor is opaque to clients; a malformed one, or one from another sort or
 * filter set (its page boundary would mean nothing there), is a 400 naming `cursor`.
 */
const cursorSchema = z
  .object({
    s: z.enum(BROWSE_SORTS),
    o: z.enum(["asc", "desc"]),
    f: z.string().length(16),
    k: z.union([z.number().refine(Number.isFinite), z.string().max(40), z.null()]),
    id: z.number().int().min(0),
  })
  .strict();
export type Cursor = z.infer<typeof cursorSchema>;

/** Hash of everything that decides which rows match and their order (not `cursor` or `limit`). */
export function filterFingerprint(q: BrowseQuery, threshold: number): string {
  const { cursor: _c, limit: _l, ...rest } = q;
  const keys = Object.keys(rest).sort() as (keyof typeof rest)[];
  const canon = JSON.stringify(keys.map((k) => [k, rest[k] ?? null]).concat([["tau", threshold]]));
  return createHash("sha256").update(canon).digest("hex").slice(0, 16);
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

/** Decodes and checks a cursor against the query it is used with; throws ValidationError (400) otherwise. */
export function decodeCursor(raw: string, q: BrowseQuery, fingerprint: string): Cursor {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(raw)) throw new Error("not base64url");
    parsed = JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    throw new ValidationError("query.cursor: malformed cursor; use the nextCursor of a previous page", [{ path: "cursor", message: "malformed" }]);
  }
  const c = cursorSchema.safeParse(parsed);
  if (!c.success) throw new ValidationError("query.cursor: malformed cursor; use the nextCursor of a previous page", [{ path: "cursor", message: "malformed" }]);
  if (c.data.s !== q.sort || c.data.o !== q.order || c.data.f !== fingerprint) {
    throw new ValidationError("query.cursor: this cursor belongs to another sort, order, filter set or threshold; start again without a cursor", [
      { path: "cursor", message: "does not match the query" },
    ]);
  }
  const k = c.data.k;
  const fits = q.sort === "lastLabel" ? k === null || typeof k === "string" : q.sort === "q" ? k === null || typeof k === "number" : typeof k === "number";
  if (!fits) {
    throw new ValidationError("query.cursor: malformed cursor; use the nextCursor of a previous page", [{ path: "cursor", message: "malformed" }]);
  }
  return c.data;
}
