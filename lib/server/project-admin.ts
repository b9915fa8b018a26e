import "server-only";
import { db, sql } from "./db/client";
import { sqlTime } from "./db/sql";
import { ConflictError, NotFoundError, ValidationError } from "./errors";
import type { UserView } from "./auth/users";
import type { Project } from "./db/generated/sqlite/client";
import { getProject } from "./projects";

/**
 * Every table holding rows of one project, children first, so a delete never trips a foreign key. Keep this in
 * step with prisma/schema.prisma: the deletion test counts every model before and after.
 */
export const PROJECT_TABLES = ["Adjudication", "EstRound", "Label", "Job", "AuditPlan", "ModelVersion", "Item", "Member"] as const;

/** One audit log entry; also written to the server log as one JSON line so log shippers see it. */
export async function audit(actor: UserView, action: string, projectId: string, details: Record<string, unknown>): Promise<void> {
  const entry = { action, projectId, actorId: actor.id, actor: actor.email, details };
  console.info(JSON.stringify({ level: "info", event: "audit", at: new Date().toISOString(), ...entry }));
  await db().auditLog.create({ data: { ...entry, details: JSON.stringify(details) } });
}

/**
 * Deletes a project and every row of it (items, labels, jobs, model versions, audit plans, members) in one
 * transaction, then logs it. `confirm` must equal the project's name exactly (400 otherwise), so a wrong id
 * pasted into a script cannot delete a project. Returns the number of rows removed per table. Retried after it
 * succeeded, it is a 404.
 */
export async function deleteProject(projectId: string, confirm: string, actor: UserView): Promise<Record<string, number>> {
  const project = await getProject(projectId);
  if (confirm !== project.name)
    throw new ValidationError(`query.confirm: must be the project's exact name ("${project.name}") to delete it`, [
      { path: "confirm", message: "does not match the project's name" },
    ]);
  const removed = await sql().tx(async (t) => {
    const counts: Record<string, number> = {};
    for (const table of PROJECT_TABLES) counts[table] = (await t.run(`DELETE FROM "${table}" WHERE "projectId" = ?`, [projectId])).changes;
    const gone = await t.run(`DELETE FROM "Project" WHERE id = ?`, [projectId]);
    // A concurrent delete of the same project got there first: its transaction removed everything.
    if (gone.changes === 0) throw new NotFoundError("Project");
    return counts;
  });
  await audit(actor, "project.delete", projectId, { name: project.name, removed });
  return removed;
}

/** Archives (`archived` true) or restores a project; idempotent. Logged when the state changes. */
export async function setArchived(projectId: string, archived: boolean, actor: UserView): Promise<Project> {
  const before = await getProject(projectId);
  if (Boolean(before.archivedAt) !== archived) {
    const now = new Date();
    await sql().run(`UPDATE "Project" SET "archivedAt" = ?, "updatedAt" = ? WHERE id = ?`, [archived ? sqlTime(now) : null, sqlTime(now), projectId]);
    await audit(actor, archived ? "project.archive" : "project.unarchive", projectId, { name: before.name });
  }
  return getProject(projectId);
}

/** Labeling writes (next, leases, labels) on an archived project are a 409 saying so. */
export function assertNotArchived(project: Pick<Project, "name" | "archivedAt">): void {
  if (project.archivedAt)
    throw new ConflictError(`Project "${project.name}" is archived: it takes no more labels. A project admin can restore it.`, {
      archivedAt: project.archivedAt.toISOString(),
    });
}
