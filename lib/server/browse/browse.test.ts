import { beforeAll, describe, expect, it } from "vitest";
import { importItems } from "../import/import-items";
import { createLabel, undoLabel } from "../labels";
import { getProject } from "../projects";
import { sql } from "../db/client";
import { bytes, makeProject, makeUser, ndjson, serve } from "../test/fixtures";
import type { UserView } from "../auth/users";
import type { Project } from "../db/generated/sqlite/client";
import { browseQuerySchema, type BrowseQuery } from "@/lib/shared/browse";
import { browseItems } from "./browse";
import { itemDetail } from "./item";
import { adjudicate, undoAdjudication } from "../review";

/**
 * The browser against a brute-force oracle: every item and live label is read back, filtered and sorted in JS,
 * and the concatenated pages must equal that list exactly, for every filter, sort and order.
 */
const WORDS = ["apple", "Banana", "cherry", "50% off", "a_b", 'say "hi"', "Ünïcode"];
let owner: UserView;
let ann: UserView;
let bob: UserView;
let project: Project;

interface OracleItem {
  id: number;
  text: string;
  score: number | null;
  q: number | null;
  decision: number | null;
  priority: number;
  labelCount: number;
  disputed: boolean;
  adjudicated: boolean;
  lastLabelAt: number | null;
  labels: { userId: string; email: string; stream: string; modelVersion: number | null }[];
}

async function oracleItems(p: Project): Promise<OracleItem[]> {
  const items = await sql().all<{ id: number; text: string; score: number | null; q: number | null; decision: number | null; priority: number; labelCount: number; disputed: number | boolean }>(
    `SELECT id, text, score, q, decision, priority, "labelCount", disputed FROM "Item" WHERE "projectId" = ?`,
    [p.id],
  );
  const labels = await sql().all<{ itemId: number; userId: string; email: string; stream: string; modelVersion: number | null; createdAt: string | Date }>(
    `SELECT l."itemId", l."userId", u.email, l.stream, l."modelVersion", l."createdAt" FROM "Label" l JOIN "User" u ON u.id = l."userId"
     WHERE l."projectId" = ? AND l."deletedAt" IS NULL`,
    [p.id],
  );
  const adjudicated = new Set(
    (await sql().all<{ itemId: number }>(`SELECT "itemId" FROM "Adjudication" WHERE "projectId" = ? AND "undoneAt" IS NULL`, [p.id])).map((r) => Number(r.itemId)),
  );
  return items.map((i) => {
    const mine = labels.filter((l) => Number(l.itemId) === Number(i.id));
    const times = mine.map((l) => new Date(l.createdAt).getTime());
    return {
      ...i,
      id: Number(i.id),
      labelCount: Number(i.labelCount),
      disputed: Boolean(i.disputed),
      adjudicated: adjudicated.has(Number(i.id)),
      lastLabelAt: times.length ? Math.max(...times) : null,
      labels: mine,
    };
  });
}

function oracle(items: OracleItem[], f: BrowseQuery, tau: number): number[] {
  const kept = items.filter((i) => {
    if (f.search && !i.text.toLowerCase().includes(f.search.toLowerCase())) return false;
    if (f.qMin !== undefined && !(i.q !== null && i.q >= f.qMin)) return false;
    if (f.qMax !== undefined && !(i.q !== null && i.q <= f.qMax)) return false;
    if (f.scoreMin !== undefined && !(i.score !== null && i.score >= f.scoreMin)) return false;
    if (f.scoreMax !== undefined && !(i.score !== null && i.score <= f.scoreMax)) return false;
    if (f.decision && i.decision !== (f.decision === "positive" ? 1 : 0)) return false;
    if (f.nearTau !== undefined && !(i.q !== null && Math.abs(i.q - tau) < f.nearTau)) return false;
    if (f.state === "unlabeled" && i.labels.length > 0) return false;
    if (f.state === "labeled" && i.labelCount === 0) return false;
    if (f.state === "skipped" && !(i.labelCount === 0 && i.labels.length > 0)) return false;
    if (f.state === "disputed" && !i.disputed) return false;
    if (f.state === "adjudicated" && !i.adjudicated) return false;
    if (f.stream || f.labeler || f.modelVersion !== undefined) {
      const hit = i.labels.some(
        (l) =>
          (!f.stream || l.stream === f.stream) &&
          (!f.labeler || l.userId === f.labeler || l.email.toLowerCase() === f.labeler.toLowerCase()) &&
          (f.modelVersion === undefined || l.modelVersion === f.modelVersion),
      );
      if (!hit) return false;
    }
    return true;
  });
  const key = (i: OracleItem): number =>
    f.sort === "priority" ? i.priority : f.sort === "q" ? (i.q ?? -1) : f.sort === "distance" ? (i.q === null ? 2 : Math.abs(i.q - tau)) : (i.lastLabelAt ?? -Infinity);
  const sign = f.order === "asc" ? 1 : -1;
  return kept.sort((a, b) => sign * (key(a) - key(b) || a.id - b.id)).map((i) => i.id);
}

async function allPages(p: Project, raw: Record<string, string>, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 1000; n++) {
    const f = browseQuerySchema.parse({ ...raw, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const page = await browseItems(p, f);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    ids.push(...page.items.map((i) => i.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

beforeAll(async () => {
  owner = await makeUser(true);
  ann = await makeUser();
  bob = await makeUser();
  const created = await makeProject(owner, { threshold: 0.7 });
  // Scores repeat (ties for the id tie-breaker) and some items have none (q is null: sorts as −1).
  const rows = Array.from({ length: 160 }, (_, i) => ({
    id: `b${i}`,
    text: `item ${i}: ${WORDS[i % WORDS.length]} and ${WORDS[(i * 3) % WORDS.length]!.toUpperCase()}`,
    ...(i % 9 === 4 ? {} : { score: (i % 20) / 20 }),
  }));
  await importItems(created.id, bytes(ndjson(rows), 4096), "ndjson");
  project = await getProject(created.id);
  const ids = (await sql().all<{ id: number }>(`SELECT id FROM "Item" WHERE "projectId" = ? ORDER BY id`, [project.id])).map((r) => Number(r.id));
  const base = Date.parse("2026-11-01T00:00:00.000Z");
  // Labels: agreement, disputes, skips, an undone label, and equal label times on different items.
  for (let k = 0; k < 60; k++) {
    const itemId = ids[k * 2]!;
    const at = new Date(base + Math.floor(k / 3) * 60_000);
    const value = k % 5 === 0 ? "skip" : k % 2 ? "spam" : "ham";
    await serve(ann.id, [itemId]);
    await createLabel(project, ann.id, { itemId, value, requestId: `ann-${k}-req` }, at);
    if (k % 4 !== 0) await serve(bob.id, [itemId]);
    if (k % 4 === 1) await createLabel(project, bob.id, { itemId, value: value === "spam" ? "ham" : "spam", requestId: `bob-${k}-req` }, new Date(at.getTime() + 1000));
    if (k % 4 === 3) await createLabel(project, bob.id, { itemId, value, requestId: `bob-${k}-req` }, new Date(at.getTime() + 2000));
  }
  await serve(bob.id, [ids[1]!]);
  const undo = await createLabel(project, bob.id, { itemId: ids[1]!, value: "spam", requestId: "bob-undo-req" }, new Date(base + 3_600_000));
  await undoLabel(project, bob.id, undo.labelId, new Date(base + 3_600_001));
  // Adjudications: two disputes settled, a third settled and then undone (no longer adjudicated).
  await adjudicate(project, owner.id, ids[2]!, "spam");
  await adjudicate(project, owner.id, ids[10]!, "ham");
  await adjudicate(project, owner.id, ids[18]!, "spam");
  await undoAdjudication(project, owner.id, ids[18]!);
  // Label streams and model versions come from leases and training; set a spread of them directly.
  await sql().run(`UPDATE "Label" SET stream = 'audit', "modelVersion" = 2 WHERE "projectId" = ? AND "requestId" LIKE 'ann-1%'`, [project.id]);
  await sql().run(`UPDATE "Label" SET stream = 'random', "modelVersion" = 3 WHERE "projectId" = ? AND "requestId" LIKE 'bob-%'`, [project.id]);
});

const QUERIES: Record<string, string>[] = [
  {},
  { order: "asc" },
  { sort: "q", order: "asc" },
  { sort: "q", order: "desc", search: "apple" },
  { sort: "distance", order: "asc", qMin: "0.2", qMax: "0.6" },
  { sort: "distance", order: "desc", nearTau: "0.15" },
  { sort: "lastLabel", order: "desc", scoreMin: "0.25", scoreMax: "0.8", decision: "positive" },
  { sort: "lastLabel", order: "asc", decision: "negative" },
  { search: "BANANA", state: "labeled" },
  { search: "50% o" },
  { search: "a_b" },
  { search: 'say "hi' },
  { search: "ünï" },
  { search: "nothing like this" },
  { sort: "lastLabel", state: "unlabeled" },
  { sort: "lastLabel", state: "skipped", order: "asc" },
  { sort: "q", state: "disputed" },
  { sort: "lastLabel", state: "adjudicated" },
  { sort: "lastLabel", stream: "audit" },
  { stream: "random", modelVersion: "3", sort: "q", order: "asc" },
  { modelVersion: "2" },
  { labeler: "LABELER_EMAIL", sort: "lastLabel" },
  { labeler: "LABELER_ID", stream: "active" },
];

describe("item browser", () => {
  it.each(QUERIES.map((q, i) => [i, q] as const))("query %i returns exactly the brute-force list, page by page", async (_i, raw) => {
    const query = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === "LABELER_EMAIL" ? bob.email.toUpperCase() : v === "LABELER_ID" ? ann.id : v]));
    const expected = oracle(await oracleItems(project), browseQuerySchema.parse(query), project.threshold);
    if (!("search" in raw && raw.search === "nothing like this")) expect(expected.length).toBeGreaterThan(0);
    expect(await allPages(project, query, 7)).toEqual(expected);
    expect(await allPages(project, query, 200)).toEqual(expected);
  });

  it("label state, last label time and undo are kept on the item", async () => {
    const items = await oracleItems(project);
    const states = { unlabeled: 0, labeled: 0, skipped: 0, disputed: 0 };
    for (const i of items) {
      if (i.labels.length === 0) states.unlabeled++;
      else if (i.labelCount === 0) states.skipped++;
      else states.labeled++;
      if (i.disputed) states.disputed++;
    }
    expect(states.skipped).toBeGreaterThan(0);
    expect(states.disputed).toBeGreaterThan(0);
    for (const state of ["unlabeled", "labeled", "skipped", "disputed"] as const) {
      expect(await allPages(project, { state }, 50)).toHaveLength(states[state]);
    }
    // The undone label left its item unlabeled again.
    const ids = (await sql().all<{ id: number }>(`SELECT id FROM "Item" WHERE "projectId" = ? ORDER BY id`, [project.id])).map((r) => Number(r.id));
    expect((await browseItems(project, browseQuerySchema.parse({ state: "unlabeled", limit: "200" }))).items.map((i) => i.id)).toContain(ids[1]);
  });

  it("is stable across concurrent inserts: every matching item appears exactly once, in order", async () => {
    const p = await getProject((await makeProject(owner, { threshold: 0.5 })).id);
    const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: `c${from + i}`, text: `row ${from + i}`, score: ((from + i) * 37 % 100) / 100 }));
    await importItems(p.id, bytes(ndjson(rows(0, 120)), 4096), "ndjson");
    let added = 10_000;
    for (const raw of [{ sort: "q", order: "asc" }, { sort: "distance", order: "desc" }, { sort: "priority", order: "desc" }] as const) {
      const before = oracle(await oracleItems(p), browseQuerySchema.parse(raw), p.threshold);
      const seen: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await browseItems(p, browseQuerySchema.parse({ ...raw, limit: "9", ...(cursor ? { cursor } : {}) }));
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor ?? undefined;
        // Another user imports between two page requests.
        await importItems(p.id, bytes(ndjson(rows(added, 5)), 4096), "ndjson");
        added += 5;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => before.includes(id))).toEqual(before);
      // What was returned is itself in the requested order (new rows slot in where they belong).
      const all = oracle(await oracleItems(p), browseQuerySchema.parse(raw), p.threshold);
      expect(seen).toEqual(all.filter((id) => seen.includes(id)));
    }
  });

  it("rejects cursors that are malformed or belong to another query", async () => {
    const page = await browseItems(project, browseQuerySchema.parse({ sort: "q", limit: "5" }));
    expect(page.nextCursor).toBeTruthy();
    const use = (raw: Record<string, string>) => browseItems(project, browseQuerySchema.parse(raw));
    await expect(use({ sort: "q", cursor: "not a cursor!" })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^query\.cursor: malformed/) });
    await expect(use({ sort: "q", cursor: Buffer.from('{"s":"q"}').toString("base64url") })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^query\.cursor/) });
    await expect(use({ sort: "priority", cursor: page.nextCursor! })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^query\.cursor: this cursor belongs/) });
    await expect(use({ sort: "q", qMin: "0.1", cursor: page.nextCursor! })).rejects.toMatchObject({ status: 400 });
    await expect(use({ sort: "q", order: "asc", cursor: page.nextCursor! })).rejects.toMatchObject({ status: 400 });
    await expect(use({ sort: "q", cursor: page.nextCursor! })).resolves.toMatchObject({ items: expect.any(Array) });
  });

  it("item detail: text, metadata, scores, every label with its labeler and whether the text changed after labeling", async () => {
    const p = await getProject((await makeProject(owner, { threshold: 0.5 })).id);
    await importItems(p.id, bytes(ndjson([{ id: "d1", text: "old text", score: 0.8, meta: { source: "sms" } }]), 4096), "ndjson");
    const [row] = await sql().all<{ id: number }>(`SELECT id FROM "Item" WHERE "projectId" = ?`, [p.id]);
    const itemId = Number(row!.id);
    await serve(ann.id, [itemId]);
    await createLabel(p, ann.id, { itemId, value: "spam", requestId: "detail-1-req" }, new Date("2026-11-02T10:00:00.000Z"));
    let d = await itemDetail(p, itemId);
    expect(d).toMatchObject({ externalId: "d1", text: "old text", meta: { source: "sms" }, score: 0.8, q: 0.8, decision: "spam", textChangedAfterLabel: false, labelCount: 1 });
    expect(d.labels).toEqual([
      expect.objectContaining({ value: "spam", labeler: { id: ann.id, email: ann.email, name: ann.name ?? null }, createdAt: "2026-11-02T10:00:00.000Z", stream: "active", qAtLabel: 0.8, textVersion: 1, deletedAt: null }),
    ]);
    await importItems(p.id, bytes(ndjson([{ id: "d1", text: "new text", score: 0.8 }]), 4096), "ndjson");
    d = await itemDetail(p, itemId);
    expect(d).toMatchObject({ text: "new text", textVersion: 2, textChangedAfterLabel: true, textChangedAt: expect.any(String) });
    const listed = await browseItems(p, browseQuerySchema.parse({ search: "new" }));
    expect(listed.items.map((i) => [i.id, i.textChanged])).toEqual([[itemId, true]]);
    // The search index followed the text change.
    expect((await browseItems(p, browseQuerySchema.parse({ search: "old text" }))).items).toEqual([]);
    // A re-import with the same text keeps it findable (the index is rewritten only when the text changes).
    await importItems(p.id, bytes(ndjson([{ id: "d1", text: "new text", score: 0.7 }]), 4096), "ndjson");
    expect((await browseItems(p, browseQuerySchema.parse({ search: "NEW TEXT" }))).items.map((i) => i.id)).toEqual([itemId]);
    expect(d.adjudication).toBeNull();
    await adjudicate(p, owner.id, itemId, "ham");
    expect((await itemDetail(p, itemId)).adjudication).toMatchObject({ value: "ham", y: 0, by: owner.email });
    await expect(itemDetail(p, itemId + 100_000)).rejects.toMatchObject({ status: 404 });
    await expect(itemDetail(project, itemId)).rejects.toMatchObject({ status: 404 });
  });
});
