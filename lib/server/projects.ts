import "server-only";
import { db, sql } from "./db/client";
import { NotFoundError } from "./errors";
import type { UserView } from "./auth/users";
import { DEFAULT_STRATEGY_NAME, type CreateProjectInput, type Role, type UpdateProjectInput } from "@/lib/shared/schemas";
import type { ProjectView } from "@/lib/shared/types";
import { priorityExpression } from "./queue/priority";
import { slotColumns } from "./queue/slots";
import { bumpPoolVersion } from "./pool-version";
import { enqueueJob } from "./jobs/queue";
import type { Project } from "./db/generated/sqlite/client";

export function projectView(p: Project, role: Role): ProjectView {
  return {
    id: p.id,
    name: p.name,
    positiveLabel: p.positiveLabel,
    negativeLabel: p.negativeLabel,
    threshold: p.threshold,
    strategy: p.strategy as ProjectView["strategy"],
    auditFraction: p.auditFraction,
    labelsPerItem: p.labelsPerItem,
    retrainEvery: p.retrainEvery,
    selfValue: p.selfValue,
    leaseSeconds: p.leaseSeconds,
    showMeta: Boolean(p.showMeta),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    role,
  };
}

export async function createProject(input: CreateProjectInput, owner: UserView): Promise<ProjectView> {
  const p = await db().project.create({
    data: {
      ...input,
      strategy: input.strategy ?? DEFAULT_STRATEGY_NAME,
      members: { create: { userId: owner.id, role: "admin" } },
    },
  });
  return projectView(p, "admin");
}

export async function listProjects(user: UserView): Promise<ProjectView[]> {
  if (user.isAdmin) {
    const all = await db().project.findMany({ orderBy: { createdAt: "desc" } });
    return all.map((p) => projectView(p, "admin"));
  }
  const ms = await db().member.findMany({
    where: { userId: user.id },
    include: { project: true },
    orderBy: { createdAt: "desc" },
  });
  return ms.map((m) => projectView(m.project, m.role as Role));
}

/**
 * A project by id. Every API request reads its project, so this is one prepared statement on the hot-path
 * connection rather than a Prisma query; the row is mapped to Prisma's `Project` shape.
 */
export async function getProject(id: string): Promise<Project> {
  const r = await sql().get<Record<string, unknown>>(`SELECT * FROM "Project" WHERE id = ?`, [id]);
  if (!r) throw new NotFoundError("Project");
  return {
    ...(r as unknown as Project),
    hasScores: Boolean(r.hasScores),
    trained: Boolean(r.trained),
    showMeta: Boolean(r.showMeta),
    createdAt: new Date(r.createdAt as string | Date),
    updatedAt: new Date(r.updatedAt as string | Date),
  };
}

export async function updateProject(id: string, input: UpdateProjectInput, role: Role): Promise<ProjectView> {
  const before = await getProject(id);
  const p = await db().project.update({ where: { id }, data: input });
  if (p.threshold !== before.threshold || p.strategy !== before.strategy) {
    // Decisions and a score-based order change at once; a fitted model then re-ranks for the new τ or strategy.
    await refreshOrdering(p);
    if (p.modelVersion > 0) await enqueueJob(p.id, "retrain", { reason: "settings" });
  }
  return projectView(p, role);
}

/** Recomputes every item's decision (q ≥ τ) and queue priority after the threshold or strategy changed. */
export async function refreshOrdering(p: Pick<Project, "id" | "threshold" | "strategy" | "scoreSlot">): Promise<void> {
  const c = slotColumns(p.scoreSlot);
  const expr = priorityExpression(p.strategy as Parameters<typeof priorityExpression>[0], p.threshold, c.z);
  await sql().tx(async (t) => {
    await t.run(
      `UPDATE "Item" SET ${c.decision} = CASE WHEN ${c.q} IS NULL THEN NULL WHEN ${c.q} >= ? THEN 1 ELSE 0 END,
         ${c.priority} = CASE WHEN status = 'done' THEN -1e9 ELSE ${expr} END
       WHERE "projectId" = ?`,
      [p.threshold, p.id],
    );
    await bumpPoolVersion(t, p.id); // decisions changed: cached pool aggregates are stale
  });
}
