import { beforeAll, describe, expect, it } from "vitest";
import { createToken, type UserView } from "@/lib/server/auth/users";
import { sql } from "@/lib/server/db/client";
import { importItems } from "@/lib/server/import/import-items";
import { retrainProject } from "@/lib/server/jobs/retrain";
import { createLabel } from "@/lib/server/labels";
import { addMember } from "@/lib/server/members";
import { getProject } from "@/lib/server/projects";
import { call } from "@/lib/server/test/call";
import { bytes, makeProject, makeUser, ndjson } from "@/lib/server/test/fixtures";
import * as review from "./route";
import * as adjudication from "../items/[itemId]/adjudication/route";
import * as exporter from "../export/route";
import * as guidelines from "../guidelines/route";

let researcher: UserView;
let rToken: string;
let ann: UserView;
let bob: UserView;
let annToken: string;

beforeAll(async () => {
  researcher = await makeUser(true);
  rToken = (await createToken(researcher.id, "t")).token;
  ann = await makeUser(false);
  bob = await makeUser(false);
  annToken = (await createToken(ann.id, "t")).token;
});

/** Serves every item to both labelers (the Serve record /next writes) so each may label any of them. */
async function serveAll(projectId: string, users: UserView[]) {
  const ids = await sql().all<{ id: number; externalId: string }>(`SELECT id, "externalId" FROM "Item" WHERE "projectId" = ? ORDER BY id`, [projectId]);
  for (const u of users) for (const i of ids) await sql().run(`INSERT INTO "Serve" ("itemId", "userId") VALUES (?, ?)`, [i.id, u.id]);
  return new Map(ids.map((i) => [i.externalId, i.id]));
}

async function decisions(projectId: string, query = "") {
  const r = await call(exporter.GET, { token: rToken, params: { id: projectId }, query: `?what=decisions&format=jsonl${query}` });
  expect(r.status).toBe(200);
  return r.text.trim() ? r.text.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>) : [];
}

describe("review and adjudication", () => {
  it("queues disputes first, and an adjudication sets the final label retrain and export use; undo restores", async () => {
    const p = await makeProject(researcher, { threshold: 0.5, labelsPerItem: 2 });
    await addMember(p.id, ann.email, "labeler");
    await addMember(p.id, bob.email, "labeler");
    const rows = Array.from({ length: 6 }, (_, i) => ({ id: `r${i}`, text: `message number ${i}`, score: i === 5 ? 0.99 : 0.2 + i * 0.1 }));
    await importItems(p.id, bytes(ndjson(rows)), "ndjson");
    const project = await getProject(p.id);
    const ids = await serveAll(p.id, [ann, bob]);
    const label = (u: UserView, ext: string, value: string) => createLabel(project, u.id, { itemId: ids.get(ext)!, value, requestId: `${u.id}-${ext}` });
    await label(ann, "r0", "spam"); await label(bob, "r0", "spam");
    await label(ann, "r1", "ham"); await label(bob, "r1", "ham");
    await label(ann, "r2", "spam"); await label(bob, "r2", "ham"); // disputed, a tie: no final label
    await label(ann, "r5", "ham"); await label(bob, "r5", "ham"); // contradicts q = 0.99

    const q = await call(review.GET, { token: rToken, params: { id: p.id }, query: "?contradictions=true&limit=1" });
    expect(q.status).toBe(200);
    const first = q.json as { items: { id: string; reason: string; labels: { labeler: string; value: string }[] }[]; nextCursor: string };
    expect(first.items.map((i) => [i.id, i.reason])).toEqual([["r2", "disputed"]]);
    expect(first.items[0]!.labels.map((l) => [l.labeler, l.value]).sort()).toEqual([[ann.email, "spam"], [bob.email, "ham"]].sort());
    const second = await call(review.GET, { token: rToken, params: { id: p.id }, query: `?contradictions=true&limit=1&cursor=${first.nextCursor}` });
    expect((second.json.items as { id: string; reason: string }[]).map((i) => [i.id, i.reason])).toEqual([["r5", "contradiction"]]);
    expect(second.json.nextCursor).toBeNull();

    const before = await retrainProject(p.id, async () => {});
    expect(before.labelsUsed).toBe(3); // r0, r1, r5: the tie on r2 has no final label
    expect((await decisions(p.id)).find((d) => d.id === "r2")).toMatchObject({ label: null, adjudicated: false, finalDecision: expect.any(String) });

    const r2 = ids.get("r2")!;
    const made = await call(adjudication.POST, { method: "POST", token: rToken, params: { id: p.id, itemId: String(r2) }, body: { value: "spam" } });
    expect(made.status).toBe(201);
    const adj = made.json.adjudication as { adjudicationId: string; overrides: string[]; by: string; value: string };
    expect(adj).toMatchObject({ value: "spam", by: researcher.email });
    expect(adj.overrides).toHaveLength(2);
    // A retry is the same adjudication, not a second one.
    const again = await call(adjudication.POST, { method: "POST", token: rToken, params: { id: p.id, itemId: String(r2) }, body: { value: "spam" } });
    expect(again.status).toBe(200);
    expect((again.json.adjudication as { adjudicationId: string }).adjudicationId).toBe(adj.adjudicationId);

    const after = await retrainProject(p.id, async () => {});
    expect(after.labelsUsed).toBe(4);
    const row = (await decisions(p.id)).find((d) => d.id === "r2");
    expect(row).toMatchObject({ label: "spam", adjudicated: true, adjudicatedBy: researcher.email, finalDecision: "spam" });
    // The adjudicated dispute left the queue.
    const left = await call(review.GET, { token: rToken, params: { id: p.id } });
    expect((left.json.items as unknown[]).length).toBe(0);

    // Overruling the majority: r5 (ham, ham) becomes spam, export follows; undo brings the majority back.
    const r5 = ids.get("r5")!;
    const over = await call(adjudication.POST, { method: "POST", token: rToken, params: { id: p.id, itemId: String(r5) }, body: { value: "spam" } });
    expect((await decisions(p.id)).find((d) => d.id === "r5")).toMatchObject({ label: "spam", finalDecision: "spam" });
    const overId = (over.json.adjudication as { adjudicationId: string }).adjudicationId;
    const undone = await call(adjudication.DELETE, { method: "DELETE", token: rToken, params: { id: p.id, itemId: String(r5) }, query: `?adjudicationId=${overId}` });
    expect(undone.status).toBe(200);
    expect(undone.json.adjudication).toBeNull();
    expect((await decisions(p.id)).find((d) => d.id === "r5")).toMatchObject({ label: "ham", adjudicated: false, finalDecision: "ham" });
    // A retried undo does not undo anything else.
    expect((await call(adjudication.DELETE, { method: "DELETE", token: rToken, params: { id: p.id, itemId: String(r5) }, query: `?adjudicationId=${overId}` })).status).toBe(409);

    // Changing an adjudication, then undoing the change, restores the first one.
    await call(adjudication.POST, { method: "POST", token: rToken, params: { id: p.id, itemId: String(r2) }, body: { value: "ham" } });
    expect((await decisions(p.id)).find((d) => d.id === "r2")).toMatchObject({ label: "ham" });
    const back = await call(adjudication.DELETE, { method: "DELETE", token: rToken, params: { id: p.id, itemId: String(r2) } });
    expect(back.json.adjudication).toMatchObject({ adjudicationId: adj.adjudicationId, value: "spam" });
    await call(adjudication.DELETE, { method: "DELETE", token: rToken, params: { id: p.id, itemId: String(r2) } });
    expect((await decisions(p.id)).find((d) => d.id === "r2")).toMatchObject({ label: null, adjudicated: false });
    expect((await retrainProject(p.id, async () => {})).labelsUsed).toBe(3);
    const stored = await sql().all<{ n: number }>(`SELECT count(*) AS n FROM "Adjudication" WHERE "itemId" = ?`, [r2]);
    expect(Number(stored[0]!.n)).toBe(2); // undone records are kept

    // Labelers may neither adjudicate nor read the queue.
    expect((await call(adjudication.POST, { method: "POST", token: annToken, params: { id: p.id, itemId: String(r2) }, body: { value: "spam" } })).status).toBe(403);
    expect((await call(adjudication.DELETE, { method: "DELETE", token: annToken, params: { id: p.id, itemId: String(r2) } })).status).toBe(403);
    expect((await call(review.GET, { token: annToken, params: { id: p.id } })).status).toBe(403);
  });

  it("refuses bad input with a 400 naming the field", async () => {
    const p = await makeProject(researcher);
    const bad = async (r: Promise<{ status: number; json: { error?: { message: string } } }>, re: RegExp) => {
      const x = await r;
      expect(x.status).toBe(400);
      expect(x.json.error?.message).toMatch(re);
    };
    await bad(call(review.GET, { token: rToken, params: { id: p.id }, query: "?cursor=nope" }), /cursor/);
    await bad(call(review.GET, { token: rToken, params: { id: p.id }, query: "?limit=0" }), /query\.limit/);
    await bad(call(adjudication.POST, { method: "POST", token: rToken, params: { id: p.id, itemId: "x" }, body: { value: "spam" } }), /itemId/);
    await bad(call(adjudication.POST, { method: "POST", token: rToken, params: { id: p.id, itemId: "1" }, body: { value: "skip" } }), /cannot skip/);
    await bad(call(adjudication.POST, { method: "POST", token: rToken, params: { id: p.id, itemId: "1" }, body: { value: "maybe" } }), /value/);
    await bad(call(exporter.GET, { token: rToken, params: { id: p.id }, query: "?what=decisions&qMin=0.9&qMax=0.1" }), /qMin/);
    await bad(call(exporter.GET, { token: rToken, params: { id: p.id }, query: "?what=decisions&decision=maybe" }), /query\.decision/);
    expect((await call(adjudication.POST, { method: "POST", token: rToken, params: { id: p.id, itemId: "999999" }, body: { value: "spam" } })).status).toBe(404);
  });
});

describe("export filters and items", () => {
  it("filters every export by decision, labeled, stream and q range; what=items carries the text", async () => {
    const p = await makeProject(researcher, { threshold: 0.5 });
    await addMember(p.id, ann.email, "labeler");
    const rows = Array.from({ length: 10 }, (_, i) => ({ id: `f${i}`, text: `text ${i}`, score: i / 10 + 0.05, meta: { n: i } }));
    await importItems(p.id, bytes(ndjson(rows)), "ndjson");
    const project = await getProject(p.id);
    const ids = await serveAll(p.id, [ann]);
    await createLabel(project, ann.id, { itemId: ids.get("f1")!, value: "spam", requestId: "f1-req" });
    await createLabel(project, ann.id, { itemId: ids.get("f8")!, value: "spam", requestId: "f8-req" });
    const all = await decisions(p.id);
    const brute = (pred: (d: Record<string, unknown>) => boolean) => all.filter(pred).map((d) => d.id);
    expect((await decisions(p.id, "&decision=spam")).map((d) => d.id)).toEqual(brute((d) => d.decision === "spam"));
    expect((await decisions(p.id, "&labeled=true")).map((d) => d.id)).toEqual(["f1", "f8"]);
    expect((await decisions(p.id, "&labeled=false")).map((d) => d.id)).toEqual(brute((d) => d.label === null));
    expect((await decisions(p.id, "&qMin=0.3&qMax=0.7")).map((d) => d.id)).toEqual(brute((d) => (d.q as number) >= 0.3 && (d.q as number) <= 0.7));
    expect((await decisions(p.id, "&stream=audit")).map((d) => d.id)).toEqual([]);
    expect((await decisions(p.id, "&stream=active&qMax=0.5")).map((d) => d.id)).toEqual(["f1"]);
    // f1: q 0.15 → model says ham, the human label says spam; the human label is the final decision.
    expect(all.find((d) => d.id === "f1")).toMatchObject({ decision: "ham", label: "spam", finalDecision: "spam" });
    const labels = await call(exporter.GET, { token: rToken, params: { id: p.id }, query: "?what=labels&format=jsonl&qMin=0.5" });
    expect(labels.text.trim().split("\n").map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(["f8"]);
    const items = await call(exporter.GET, { token: rToken, params: { id: p.id }, query: "?what=items&format=jsonl&labeled=true" });
    expect(items.text.trim().split("\n").map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({ id: "f1", text: "text 1", meta: { n: 1 }, finalDecision: "spam" }),
      expect.objectContaining({ id: "f8", text: "text 8", meta: { n: 8 }, finalDecision: "spam" }),
    ]);
    const csv = await call(exporter.GET, { token: rToken, params: { id: p.id }, query: "?what=items&format=csv-excel&decision=spam" });
    expect(csv.text.split("\r\n")[0]).toBe("id,text,meta,score,q,decision,label,labels,disputed,textVersion,textChangedAt,needsReview,adjudicated,adjudicatedBy,finalDecision");
  });
});

describe("guidelines", () => {
  it("researchers edit, every member reads; each label records the version it was given under", async () => {
    const p = await makeProject(researcher);
    await addMember(p.id, ann.email, "labeler");
    expect((await call(guidelines.GET, { token: annToken, params: { id: p.id } })).json).toEqual({ markdown: "", version: 0 });
    expect((await call(guidelines.PUT, { method: "PUT", token: annToken, params: { id: p.id }, body: { markdown: "x" } })).status).toBe(403);
    const saved = await call(guidelines.PUT, { method: "PUT", token: rToken, params: { id: p.id }, body: { markdown: "# Spam\nAds are spam." } });
    expect(saved.json).toEqual({ markdown: "# Spam\nAds are spam.", version: 1 });
    // Saving the same text again (a retry) is not a new version.
    expect((await call(guidelines.PUT, { method: "PUT", token: rToken, params: { id: p.id }, body: { markdown: "# Spam\nAds are spam." } })).json.version).toBe(1);
    expect((await call(guidelines.PUT, { method: "PUT", token: rToken, params: { id: p.id }, body: { markdown: 3 } })).json.error?.message).toMatch(/body\.markdown/);
    await importItems(p.id, bytes(ndjson([{ id: "g1", text: "hello" }])), "ndjson");
    const ids = await serveAll(p.id, [ann]);
    const project = await getProject(p.id);
    const l = await createLabel(project, ann.id, { itemId: ids.get("g1")!, value: "ham", requestId: "g1-req" });
    const row = await sql().get<{ v: number }>(`SELECT "guidelinesVersion" AS v FROM "Label" WHERE id = ?`, [l.labelId]);
    expect(Number(row!.v)).toBe(1);
  });
});
