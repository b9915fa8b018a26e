import "server-only";
import { db, sql } from "./db/client";
import { NotFoundError } from "./errors";
import { sqlTime } from "./db/sql";
import { zodToValidation } from "./http";
import type { UserView } from "./auth/users";
import {
  DEFAULT_STRATEGY_NAME,
  PROJECT_SETTING_KEYS,
  projectSettingsSchema,
  type CreateProjectInput,
  type Role,
  type UpdateProjectInput,
} from "@/lib/shared/schemas";
import type { ProjectHeaderView, ProjectView } from "@/lib/shared/types";
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
    archivedAt: p.archivedAt ? p.archivedAt.toISOString() : null,
    randomShare: p.randomShare,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    role,
  };
}

/** The project as the caller's role may see it: labelers get what the labeling page needs, no other setting. */
export function projectViewFor(p: Project, role: Role): ProjectView | ProjectHeaderView {
  if (role !== "labeler") return projectView(p, role);
  return {
    id: p.id,
    name: p.name,
    positiveLabel: p.positiveLabel,
    negativeLabel: p.negativeLabel,
    leaseSeconds: p.leaseSeconds,
    showMeta: Boolean(p.showMeta),
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

/**
 * The projects the user belongs to (every project for a site admin), newest first, each with its progress
 * (items, items with a label); what each shows depends on the caller's role in it (projectViewFor). `q` keeps
 * names containing it (case-insensitive). Archived projects are left out for a labeler: there is nothing left
 * for them to do there.
 */
export async function listProjects(user: UserView, q?: string): Promise<(ProjectView | ProjectHeaderView)[]> {
  let views: (ProjectView | ProjectHeaderView)[];
  if (user.isAdmin) {
    const all = await db().project.findMany({ orderBy: { createdAt: "desc" } });
    views = all.map((p) => projectView(p, "admin"));
  } else {
    const ms = await db().member.findMany({
      where: { userId: user.id },
      include: { project: true },
      orderBy: { createdAt: "desc" },
    });
    views = ms
      .filter((m) => !(m.role === "labeler" && m.project.archivedAt))
      .map((m) => projectViewFor(m.project, m.role as Role));
  }
  const needle = q?.trim().toLowerCase();
  if (needle) views = views.filter((v) => v.name.toLowerCase().includes(needle));
  return withProgress(views);
}

async function withProgress<V extends { id: string }>(views: V[]): Promise<(V & { progress: { items: number; labeled: number } })[]> {
  if (!views.length) return [];
  const rows = await sql().all<{ projectId: string; items: number | bigint | string; labeled: number | bigint | string | null }>(
    `SELECT "projectId", COUNT(*) AS items, SUM(CASE WHEN "labelCount" > 0 THEN 1 ELSE 0 END) AS labeled
     FROM "Item" WHERE "projectId" IN (${views.map(() => "?").join(",")}) GROUP BY "projectId"`,
    views.map((v) => v.id),
  );
  const by = new Map(rows.map((r) => [r.projectId, { items: Number(r.items), labeled: Number(r.labeled ?? 0) }]));
  return views.map((v) => ({ ...v, progress: by.get(v.id) ?? { items: 0, labeled: 0 } }));
}

/**
 * A project by id. Every API request reads its project, so this is one prepared statement on the hot-path
 * connection rather than a Prisma query; the row is mapped to Prisma's `Project` shape.
 */
export async function getProject(id: string): Promise<Project> {
  const r = await sql().get<Record<string, unknown>>(`SELECT * FROM "Project" WHERE id = ?`, [id]);
  if (!r) throw new NotFoundError("Project");
  return projectFromRow(r);
}

function projectFromRow(r: Record<string, unknown>): Project {
  return {
    ...(r as unknown as Project),
    hasScores: Boolean(r.hasScores),
    trained: Boolean(r.trained),
    showMeta: Boolean(r.showMeta),
    createdAt: new Date(r.createdAt as string | Date),
    updatedAt: new Date(r.updatedAt as string | Date),
    archivedAt: r.archivedAt ? new Date(r.archivedAt as string | Date) : null,
  };
}

/**
 * Applies a settings update. The current settings merged with `input` must pass the same rules as a new project
 * (projectSettingsSchema), else a 400 and nothing changes; read, check and write happen in one transaction
 * (the row locked on PostgreSQL), so two concurrent updates cannot combine into settings neither would allow.
 */
export async function updateProject(id: string, input: UpdateProjectInput, role: Role): Promise<ProjectView> {
  const { before, p } = await sql().tx(async (t) => {
    const lock = sql().dialect === "postgresql" ? " FOR UPDATE" : "";
    const row = await t.get<Record<string, unknown>>(`SELECT * FROM "Project" WHERE id = ?${lock}`, [id]);
    if (!row) throw new NotFoundError("Project");
    const before = projectFromRow(row);
    const current = Object.fromEntries(PROJECT_SETTING_KEYS.map((k) => [k, before[k]]));
    const merged = projectSettingsSchema.safeParse({ ...current, ...input });
    if (!merged.success) throw zodToValidation(merged.error);
    const keys = PROJECT_SETTING_KEYS.filter((k) => input[k] !== undefined);
    if (!keys.length) return { before, p: before };
    await t.run(`UPDATE "Project" SET ${keys.map((k) => `"${k}" = ?`).join(", ")}, "updatedAt" = ? WHERE id = ?`, [
      // Booleans as 1/0: SQLite has no boolean parameters, and PostgreSQL reads '1'/'0' as booleans.
      ...keys.map((k) => {
        const v = merged.data[k];
        return typeof v === "boolean" ? (v ? 1 : 0) : v;
      }),
      sqlTime(new Date()),
      id,
    ]);
    const after = await t.get<Record<string, unknown>>(`SELECT * FROM "Project" WHERE id = ?`, [id]);
    return { before, p: projectFromRow(after!) };
  });
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
