import "server-only";
import { sql } from "./db/client";
import { sqlTime } from "./db/sql";
import { NotFoundError } from "./errors";
import type { GuidelinesView } from "@/lib/shared/types";

/** A project's labeling guidelines (Markdown source; clients render it sanitized) and their version. */
export async function getGuidelines(projectId: string): Promise<GuidelinesView> {
  const r = await sql().get<{ guidelines: string; guidelinesVersion: number }>(
    `SELECT guidelines, "guidelinesVersion" FROM "Project" WHERE id = ?`,
    [projectId],
  );
  if (!r) throw new NotFoundError("Project");
  return { markdown: r.guidelines, version: Number(r.guidelinesVersion) };
}

/**
 * Saves new guidelines: the version goes up by one in the same statement (concurrent saves each get their own
 * version), unless the text is unchanged (a retried save is not a new version). Labels stored afterwards record it.
 */
export async function saveGuidelines(projectId: string, markdown: string, now = new Date()): Promise<GuidelinesView> {
  await sql().run(
    `UPDATE "Project" SET guidelines = ?, "guidelinesVersion" = "guidelinesVersion" + 1, "updatedAt" = ? WHERE id = ? AND guidelines <> ?`,
    [markdown, sqlTime(now), projectId, markdown],
  );
  return getGuidelines(projectId);
}
