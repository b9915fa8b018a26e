import "server-only";
import { sql } from "../db/client";
import type { Project } from "../db/generated/sqlite/client";
import { createLabel } from "../labels";
import type { ImportedLabel } from "./interop";

export interface PendingLabel {
  line: number;
  id: string;
  label: NonNullable<ImportedLabel>;
}

/**
 * Stores the labels of imported tasks (Label Studio annotations, Prodigy answers) as labels of `userId`, the
 * importing user, after their items were stored. Each goes through createLabel with the request id
 * `import:<user>:<item id>`, so importing the same file again stores nothing twice; a label that contradicts the
 * user's existing label of the item is reported with its line, and the item stays stored.
 */
export async function storeImportedLabels(
  project: Project,
  userId: string,
  pending: PendingLabel[],
): Promise<{ stored: number; errors: { line: number; message: string }[] }> {
  const errors: { line: number; message: string }[] = [];
  let stored = 0;
  const ids = [...new Set(pending.map((p) => p.id))];
  const rows = await sql().all<{ id: number; externalId: string }>(
    `SELECT id, "externalId" FROM "Item" WHERE "projectId" = ? AND "externalId" IN (${ids.map(() => "?").join(",")})`,
    [project.id, ...ids],
  );
  const itemIds = new Map(rows.map((r) => [r.externalId, r.id]));
  for (const p of pending) {
    if ("error" in p.label) {
      errors.push({ line: p.line, message: `stored, but ${p.label.error}` });
      continue;
    }
    const itemId = itemIds.get(p.id);
    if (itemId === undefined) continue; // its row was refused and reported already
    const value = p.label.value === "positive" ? project.positiveLabel : project.negativeLabel;
    try {
      const r = await createLabel(project, userId, { itemId, value, requestId: `import:${userId}:${p.id}` }, new Date(), "import");
      if (!r.duplicate) stored++;
    } catch (e) {
      errors.push({ line: p.line, message: `stored, but its label was not: ${(e as Error).message}` });
    }
  }
  return { stored, errors };
}
