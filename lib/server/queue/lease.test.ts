import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../db/client";
import { importItems } from "../import/import-items";
import { createLabel, undoLabel } from "../labels";
import { getProject, updateProject } from "../projects";
import { bytes, makeProject, makeUser, ndjson } from "../test/fixtures";
import type { UserView } from "../auth/users";
import { leaseItems, releaseLeases } from "./lease";

let owner: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
});

async function pool(n: number, over = {}) {
  const p = await makeProject(owner, over);
  const scores = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  await importItems(p.id, bytes(ndjson(scores.map((s, i) => ({ id: `i${i}`, text: `t${i}`, score: s }))), 4096), "ndjson");
  return getProject(p.id);
}

describe("leaseItems", () => {
  it("serves the strategy's order: margin nearest τ, uncertainty nearest 0.5, random by the stored draw", async () => {
    const project = await pool(100, { threshold: 0.9, strategy: "margin" });
    const margin = await leaseItems(project, owner.id, 3);
    expect(margin.map((i) => i.id)).toEqual(["i89", "i90", "i88"]); // scores 0.895, 0.905, 0.885
    await releaseLeases(project.id, owner.id);
    const u = await getProject((await updateProject(project.id, { strategy: "uncertainty" }, "admin")).id);
    const unc = await leaseItems(u, owner.id, 2);
    expect(unc.map((i) => i.id).sort()).toEqual(["i49", "i50"]);
    await releaseLeases(project.id, owner.id);
    const r = await getProject((await updateProject(project.id, { strategy: "random" }, "admin")).id);
    const rand = await leaseItems(r, owner.id, 5);
    const expected = await sql().all<{ externalId: string }>(
      `SELECT "externalId" FROM "Item" WHERE "projectId" = ? ORDER BY rand DESC LIMIT 5`,
      [project.id],
    );
    expect(rand.map((i) => i.id)).toEqual(expected.map((e) => e.externalId));
  });

  it("never gives two labelers the same item, returns a caller's own leases first, and frees expired ones", async () => {
    const project = await pool(10);
    const a = await makeUser();
    const b = await makeUser();
    const t0 = new Date("2030-01-01T00:00:00Z");
    const la = await leaseItems(project, a.id, 4, t0);
    const lb = await leaseItems(project, b.id, 4, t0);
    expect(new Set([...la, ...lb].map((i) => i.itemId)).size).toBe(8);
    const again = await leaseItems(project, a.id, 4, t0);
    expect(again.map((i) => i.itemId)).toEqual(la.map((i) => i.itemId));
    const rest = await leaseItems(project, b.id, 10, t0);
    expect(rest).toHaveLength(6); // b's 4 + the 2 free ones; a's are held
    const later = new Date(t0.getTime() + (project.leaseSeconds + 1) * 1000);
    const afterExpiry = await leaseItems(project, b.id, 10, later);
    expect(afterExpiry).toHaveLength(10);
  });

  it("is safe under concurrent callers: 20 labelers racing for 50 items get disjoint sets", async () => {
    const project = await pool(50);
    const users = await Promise.all(Array.from({ length: 20 }, () => makeUser()));
    const results = await Promise.all(users.map((u) => leaseItems(project, u.id, 5)));
    const ids = results.flat().map((i) => i.itemId);
    expect(ids).toHaveLength(50);
    expect(new Set(ids).size).toBe(50);
  });

  it("does not serve a labeler an item they labeled or skipped; others still get skipped items", async () => {
    const project = await pool(2);
    const a = await makeUser();
    const b = await makeUser();
    const [first, second] = await leaseItems(project, a.id, 2);
    await createLabel(project, a.id, { itemId: first!.itemId, value: "skip", requestId: "skip-req-1" });
    await createLabel(project, a.id, { itemId: second!.itemId, value: "ham", requestId: "ham-req-1" });
    expect(await leaseItems(project, a.id, 5)).toEqual([]);
    const forB = await leaseItems(project, b.id, 5);
    expect(forB.map((i) => i.itemId)).toEqual([first!.itemId]);
  });

  it("puts an undone item back in front of its labeler", async () => {
    const project = await pool(5);
    const a = await makeUser();
    const [x] = await leaseItems(project, a.id, 1);
    const label = await createLabel(project, a.id, { itemId: x!.itemId, value: "spam", requestId: "undo-req-1" });
    const back = await undoLabel(project, a.id, label.labelId);
    expect(back.itemId).toBe(x!.itemId);
    const next = await leaseItems(project, a.id, 1);
    expect(next[0]!.itemId).toBe(x!.itemId);
  });
});
