import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "./db/client";
import { importItems } from "./import/import-items";
import { createLabel, undoLabel } from "./labels";
import { getProject, updateProject } from "./projects";
import { leaseItems } from "./queue/lease";
import { retrainProject } from "./jobs/retrain";
import { exportStream } from "./export/export";
import { projectStats } from "./stats";
import { bytes, makeProject, makeUser, ndjson } from "./test/fixtures";
import type { UserView } from "./auth/users";

let owner: UserView;
let ann: UserView;
let bob: UserView;
let carol: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
  ann = await makeUser(false);
  bob = await makeUser(false);
  carol = await makeUser(false);
});

async function pool(n: number, over = {}) {
  const p = await makeProject(owner, over);
  await importItems(p.id, bytes(ndjson(Array.from({ length: n }, (_, i) => ({ id: `i${i}`, text: `text ${i} ${i % 2 ? "buy now" : "see you"}`, score: 0.5 }))), 4096), "ndjson");
  return getProject(p.id);
}

async function text(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("labels only for items served to their author", () => {
  it("refuses a label for an item never served, leased to someone else, or done by someone else (403)", async () => {
    const project = await pool(4);
    const [annItem] = await leaseItems(project, ann.id, 1);
    const [bobItem] = await leaseItems(project, bob.id, 1);
    await createLabel(project, bob.id, { itemId: bobItem!.itemId, value: "spam", requestId: "bob-label-1" });
    const ids = (await sql().all<{ id: number }>(`SELECT id FROM "Item" WHERE "projectId" = ? ORDER BY id`, [project.id])).map((r) => r.id);
    const never = ids.find((id) => id !== annItem!.itemId && id !== bobItem!.itemId)!;
    for (const [itemId, why] of [
      [annItem!.itemId, "leased to another labeler"],
      [bobItem!.itemId, "already labeled (done) by another labeler"],
      [never, "never served to anyone"],
    ] as const) {
      await expect(createLabel(project, carol.id, { itemId, value: "ham", requestId: `forged-${itemId}` }), why).rejects.toMatchObject({ status: 403 });
    }
    // Nothing was stored and the final labels stand: no forged dispute.
    const bobRow = await sql().get<{ finalY: number; disputed: unknown; labelCount: number }>(`SELECT "finalY", disputed, "labelCount" FROM "Item" WHERE id = ?`, [bobItem!.itemId]);
    expect({ ...bobRow, disputed: Boolean(bobRow?.disputed) }).toEqual({ finalY: 1, disputed: false, labelCount: 1 });
  });

  it("keeps a label for an item served to its author whose lease expired, and undo re-leases for relabeling", async () => {
    const project = await pool(3, { leaseSeconds: 10 });
    const t0 = new Date("2026-01-01T00:00:00Z");
    const [item] = await leaseItems(project, ann.id, 1, t0);
    const late = new Date(t0.getTime() + 60_000);
    // The lease expired and the item went to bob; ann's work is still accepted (it was served to her).
    const [again] = await leaseItems(project, bob.id, 3, late);
    expect(again?.itemId).toBe(item!.itemId);
    const label = await createLabel(project, ann.id, { itemId: item!.itemId, value: "ham", requestId: "late-label-1" }, late);
    expect(label.duplicate).toBe(false);
    const back = await undoLabel(project, ann.id, label.labelId, late);
    expect(back.itemId).toBe(item!.itemId);
    const re = await createLabel(project, ann.id, { itemId: item!.itemId, value: "spam", requestId: "relabel-1" }, late);
    expect(re.value).toBe("spam");
  });
});

describe("project settings", () => {
  it("applies the create rules to the merged settings of an update; nothing changes on a 400", async () => {
    const project = await pool(1);
    await expect(updateProject(project.id, { negativeLabel: "spam" }, "admin")).rejects.toMatchObject({ status: 400, message: "body.negativeLabel: positiveLabel and negativeLabel must differ" });
    await expect(updateProject(project.id, { positiveLabel: "HAM" }, "admin")).rejects.toMatchObject({ status: 400 });
    await expect(updateProject(project.id, { positiveLabel: "x", negativeLabel: "x" }, "admin")).rejects.toMatchObject({ status: 400 });
    expect(await getProject(project.id)).toMatchObject({ positiveLabel: "spam", negativeLabel: "ham" });
    // A swap in one update is fine: the merged result is valid.
    expect(await updateProject(project.id, { positiveLabel: "ham", negativeLabel: "spam" }, "admin")).toMatchObject({ positiveLabel: "ham", negativeLabel: "spam" });
  });

  it("cannot reach equal labels through two concurrent updates", async () => {
    const project = await pool(1);
    const results = await Promise.allSettled([
      updateProject(project.id, { positiveLabel: "same" }, "admin"),
      updateProject(project.id, { negativeLabel: "same" }, "admin"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const p = await getProject(project.id);
    expect(p.positiveLabel.toLowerCase()).not.toBe(p.negativeLabel.toLowerCase());
  });

  it("renaming labels after labeling changes no label's class: training, stats and export use y", async () => {
    const project = await pool(6, { labelsPerItem: 1, retrainEvery: 1000 });
    const items = await leaseItems(project, ann.id, 4);
    for (const [k, it] of items.entries())
      await createLabel(project, ann.id, { itemId: it.itemId, value: k % 2 ? "spam" : "ham", requestId: `rename-${k}` });
    await updateProject(project.id, { positiveLabel: "junk", negativeLabel: "fine" }, "admin");
    const renamed = await getProject(project.id);

    const result = await retrainProject(project.id, async () => undefined);
    expect(result.labelsUsed).toBe(4);
    expect(result.coldStart).toBe(false); // both classes still present: 2 positives, 2 negatives
    const stats = await projectStats(await getProject(project.id), owner.id);
    expect(stats.byValue).toEqual({ junk: 2, fine: 2 });
    const labels = (await text(exportStream(renamed, "labels", "jsonl"))).trim().split("\n").map((l) => JSON.parse(l) as { value: string });
    expect(labels.map((l) => l.value).sort()).toEqual(["fine", "fine", "junk", "junk"]);
    const decisions = (await text(exportStream(renamed, "decisions", "jsonl"))).trim().split("\n").map((l) => JSON.parse(l) as { label: string | null });
    expect(decisions.map((d) => d.label).filter(Boolean).sort()).toEqual(["fine", "fine", "junk", "junk"]);
    // A retry of a label sent before the rename is recognised as the same label.
    const first = items[1]!;
    const retry = await createLabel(renamed, ann.id, { itemId: first.itemId, value: "junk", requestId: "rename-1" });
    expect(retry.duplicate).toBe(true);
  });
});
