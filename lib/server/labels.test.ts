import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "./db/client";
import { importItems } from "./import/import-items";
import { createLabel, undoLabel, UNDO_DEPTH } from "./labels";
import { getProject } from "./projects";
import { leaseItems } from "./queue/lease";
import { bytes, makeProject, makeUser, ndjson } from "./test/fixtures";
import type { UserView } from "./auth/users";

let owner: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
});

async function pool(n: number, over = {}) {
  const p = await makeProject(owner, over);
  await importItems(p.id, bytes(ndjson(Array.from({ length: n }, (_, i) => ({ id: `i${i}`, text: `t${i}`, score: 0.5 }))), 4096), "ndjson");
  return getProject(p.id);
}

const count = async (projectId: string) =>
  (await sql().get<{ n: number }>(`SELECT count(*) AS n FROM "Label" WHERE "projectId" = ?`, [projectId]))!.n;

describe("createLabel", () => {
  it("is idempotent on requestId: concurrent retries store one label and return it", async () => {
    const project = await pool(3);
    const [item] = await leaseItems(project, owner.id, 1);
    const input = { itemId: item!.itemId, value: "spam", requestId: "retry-req-1" };
    const results = await Promise.all([createLabel(project, owner.id, input), createLabel(project, owner.id, input), createLabel(project, owner.id, input)]);
    expect(new Set(results.map((r) => r.labelId)).size).toBe(1);
    expect(results.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await count(project.id)).toBe(1);
  });

  it("rejects a reused requestId for another label, unknown values and unknown items", async () => {
    const project = await pool(3);
    const [a, b] = await leaseItems(project, owner.id, 2);
    await createLabel(project, owner.id, { itemId: a!.itemId, value: "spam", requestId: "reuse-req-1" });
    await expect(createLabel(project, owner.id, { itemId: b!.itemId, value: "spam", requestId: "reuse-req-1" })).rejects.toMatchObject({ status: 409 });
    await expect(createLabel(project, owner.id, { itemId: b!.itemId, value: "maybe", requestId: "bad-value-1" })).rejects.toMatchObject({
      status: 400,
      message: 'value must be "spam", "ham" or "skip", got "maybe"',
    });
    await expect(createLabel(project, owner.id, { itemId: 99_999_999, value: "ham", requestId: "no-item-1" })).rejects.toMatchObject({ status: 404 });
    await expect(createLabel(project, owner.id, { itemId: a!.itemId, value: "ham", requestId: "twice-req-1" })).rejects.toMatchObject({ status: 409 });
  });

  it("records stream, strategy, score and q at label time and closes the item", async () => {
    const project = await pool(1);
    const [item] = await leaseItems(project, owner.id, 1);
    await createLabel(project, owner.id, { itemId: item!.itemId, value: "ham", requestId: "meta-req-1" });
    const l = await sql().get<Record<string, unknown>>(`SELECT * FROM "Label" WHERE "requestId" = 'meta-req-1'`);
    expect(l).toMatchObject({ value: "ham", y: 0, stream: "active", strategy: "margin", scoreAtLabel: 0.5, qAtLabel: 0.5 });
    const i = await sql().get<Record<string, unknown>>(`SELECT status, "finalLabel", "leasedBy" FROM "Item" WHERE id = ?`, [item!.itemId]);
    expect(i).toEqual({ status: "done", finalLabel: "ham", leasedBy: null });
  });

  it("with 3 labels per item keeps the item queued until 3 labelers judged it; majority wins, disagreement is disputed", async () => {
    const project = await pool(1, { labelsPerItem: 3 });
    const users = await Promise.all([makeUser(), makeUser(), makeUser()]);
    const values = ["spam", "ham", "spam"];
    for (const [k, u] of users.entries()) {
      const [item] = await leaseItems(project, u.id, 1);
      expect(item).toBeDefined();
      await createLabel(project, u.id, { itemId: item!.itemId, value: values[k]!, requestId: `overlap-${k}-req` });
    }
    const i = await sql().get<Record<string, unknown>>(`SELECT status, "finalLabel", disputed, "labelCount" FROM "Item" WHERE "projectId" = ?`, [project.id]);
    expect({ ...i, disputed: Boolean(i?.disputed) }).toEqual({ status: "done", finalLabel: "spam", disputed: true, labelCount: 3 });
  });
});

describe("undoLabel", () => {
  it(`undoes only one's own ${UNDO_DEPTH} most recent labels`, async () => {
    const project = await pool(UNDO_DEPTH + 2);
    const other = await makeUser();
    const items = await leaseItems(project, owner.id, UNDO_DEPTH + 1);
    const labels = [];
    for (const [k, it] of items.entries()) {
      labels.push(await createLabel(project, owner.id, { itemId: it.itemId, value: "ham", requestId: `undo-depth-${k}` }, new Date(Date.now() + k * 1000)));
    }
    await expect(undoLabel(project, owner.id, labels[0]!.labelId)).rejects.toMatchObject({ status: 409 });
    await expect(undoLabel(project, other.id, labels[5]!.labelId)).rejects.toMatchObject({ status: 403 });
    const back = await undoLabel(project, owner.id, labels[5]!.labelId);
    expect(back.itemId).toBe(items[5]!.itemId);
    await expect(undoLabel(project, owner.id, labels[5]!.labelId)).rejects.toMatchObject({ status: 409 });
    const i = await sql().get<Record<string, unknown>>(`SELECT status, "finalLabel", "labelCount", "leasedBy" FROM "Item" WHERE id = ?`, [items[5]!.itemId]);
    expect(i).toEqual({ status: "queued", finalLabel: null, labelCount: 0, leasedBy: owner.id });
  });
});
