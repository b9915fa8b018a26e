import "server-only";
import { sql } from "../db/client";
import type { Project } from "../db/generated/sqlite/client";
import { slotColumns } from "../queue/slots";
import { labelName } from "../labels";

const PAGE = 1000;

interface ItemRow {
  rowKey: number;
  id: string;
  text: string;
  meta: string | null;
  q: number | null;
  decision: number | null;
  /** The final class (1 positive, 0 negative), named with the project's current label names on export. */
  finalY: number | null;
}
interface LabelRow {
  itemId: number;
  y: number;
  labeler: string;
  createdAt: string | Date;
}

/** Every item with its text, meta, live q and decision, and its live non-skip labels, paged by id. */
async function* itemsWithLabels(project: Project): AsyncGenerator<{ item: ItemRow; labels: LabelRow[] }> {
  const c = slotColumns(project.scoreSlot);
  let after = -1;
  for (;;) {
    const items = await sql().all<ItemRow>(
      // i.id, not id: "id" is the external id's alias here.
      `SELECT i.id AS "rowKey", i."externalId" AS id, i.text, i.meta, i.${c.q} AS q, i.${c.decision} AS decision, i."finalY"
       FROM "Item" i WHERE i."projectId" = ? AND i.id > ? ORDER BY i.id LIMIT ?`,
      [project.id, after, PAGE],
    );
    if (!items.length) return;
    const labels = await sql().all<LabelRow>(
      `SELECT l."itemId", l.y, u.email AS labeler, l."createdAt" FROM "Label" l JOIN "User" u ON u.id = l."userId"
       WHERE l."projectId" = ? AND l."itemId" >= ? AND l."itemId" <= ? AND l."deletedAt" IS NULL AND l.y IS NOT NULL
       ORDER BY l."itemId", l."createdAt"`,
      [project.id, items[0]!.rowKey, items[items.length - 1]!.rowKey],
    );
    const by = new Map<number, LabelRow[]>();
    for (const l of labels) by.set(l.itemId, [...(by.get(l.itemId) ?? []), l]);
    for (const item of items) yield { item, labels: by.get(item.rowKey) ?? [] };
    if (items.length < PAGE) return;
    after = items[items.length - 1]!.rowKey;
  }
}

const choice = (value: string, score?: number) => ({
  from_name: "label",
  to_name: "text",
  type: "choices",
  value: { choices: [value] },
  ...(score === undefined ? {} : { score }),
});

/**
 * Label Studio tasks (https://labelstud.io/guide/task_format), one per item: `data` {id, text}, the item's meta as
 * `meta`, Verge's decision as a prediction (choice = the decided label, score = confidence in it: q or 1 − q,
 * model_version `verge-<n>`), and each live label as an annotation choosing its value. Skips are left out.
 * Label Studio's labeling config for it: a `<Choices name="label" toName="text">` over a `<Text name="text">`.
 */
export async function* labelStudioTasks(project: Project): AsyncGenerator<Record<string, unknown>> {
  for await (const { item, labels } of itemsWithLabels(project)) {
    const task: Record<string, unknown> = { data: { id: item.id, text: item.text } };
    if (item.meta) task.meta = JSON.parse(item.meta);
    if (item.q !== null && item.decision !== null) {
      const positive = item.decision === 1;
      const score = positive ? item.q : 1 - item.q;
      task.predictions = [
        { model_version: `verge-${project.modelVersion}`, score, result: [choice(positive ? project.positiveLabel : project.negativeLabel, score)] },
      ];
    }
    task.annotations = labels.map((l) => ({
      result: [choice(labelName(project, Number(l.y)))],
      was_cancelled: false,
      created_at: new Date(l.createdAt).toISOString(),
      meta: { labeler: l.labeler },
    }));
    yield task;
  }
}

/**
 * Prodigy tasks (JSON Lines), one per item: `text`, `meta` {id, score: q, …item meta}, `label` = the project's
 * positive label, and when the item has a final label an `answer`: accept when it is the positive label, reject
 * when it is the negative one (Prodigy's binary text classification). Unlabeled items have no answer.
 */
export async function* prodigyTasks(project: Project): AsyncGenerator<Record<string, unknown>> {
  for await (const { item } of itemsWithLabels(project)) {
    const meta = { ...(item.meta ? (JSON.parse(item.meta) as Record<string, unknown>) : {}), id: item.id, ...(item.q === null ? {} : { score: item.q }) };
    const task: Record<string, unknown> = { text: item.text, meta, label: project.positiveLabel };
    if (item.finalY !== null) task.answer = Number(item.finalY) === 1 ? "accept" : "reject";
    yield task;
  }
}
