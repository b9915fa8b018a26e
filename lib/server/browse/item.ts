import "server-only";
import { db } from "../db/client";
import type { Project } from "../db/generated/sqlite/client";
import { NotFoundError } from "../errors";
import { labelName } from "../labels";
import { adjudicationOf } from "../review";
import type { ItemDetail } from "@/lib/shared/browse";

function parseMeta(raw: string | null): Record<string, unknown> | null {
  if (raw === null) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
  } catch {
    return { raw };
  }
}

/**
 * One item of `project` with its live score slot and every label, oldest first (undone labels included, with
 * `deletedAt`). `textChangedAfterLabel` is true when a live positive/negative label judged an older text version.
 * @throws NotFoundError when the item does not exist in this project.
 */
export async function itemDetail(project: Project, itemId: number): Promise<ItemDetail> {
  const item = await db().item.findFirst({
    where: { id: itemId, projectId: project.id },
    include: { labels: { include: { user: { select: { id: true, email: true, name: true } } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] } },
  });
  if (!item) throw new NotFoundError("Item");
  const slotB = project.scoreSlot === 1;
  const q = slotB ? item.qB : item.q;
  const decision = slotB ? item.decisionB : item.decision;
  return {
    id: item.id,
    externalId: item.externalId,
    text: item.text,
    meta: parseMeta(item.meta),
    score: item.score,
    q,
    decision: decision === null ? null : decision === 1 ? project.positiveLabel : project.negativeLabel,
    priority: slotB ? item.priorityB : item.priority,
    threshold: project.threshold,
    status: item.status,
    labelCount: item.labelCount,
    // Named from the class with the current label names: a rename relabels nothing.
    finalLabel: item.finalY === null ? null : labelName(project, item.finalY),
    disputed: item.disputed,
    auditStratum: item.auditStratum,
    textVersion: item.textVersion,
    textChangedAt: item.textChangedAt?.toISOString() ?? null,
    textChangedAfterLabel: item.labels.some((l) => l.deletedAt === null && l.y !== null && l.textVersion < item.textVersion),
    createdAt: item.createdAt.toISOString(),
    labels: item.labels.map((l) => ({
      id: l.id,
      value: labelName(project, l.y),
      labeler: l.user,
      createdAt: l.createdAt.toISOString(),
      deletedAt: l.deletedAt?.toISOString() ?? null,
      stream: l.stream,
      strategy: l.strategy,
      inclusionProbability: l.inclusionProbability,
      modelVersion: l.modelVersion,
      scoreAtLabel: l.scoreAtLabel,
      qAtLabel: l.qAtLabel,
      textVersion: l.textVersion,
      auditStratum: l.auditStratum,
    })),
    adjudication: await adjudicationOf(project, item.id),
  };
}
