import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../db/client";
import { exportStream } from "../export/export";
import { createLabel } from "../labels";
import { getProject } from "../projects";
import { leaseItems } from "../queue/lease";
import { bytes, makeProject, makeUser } from "../test/fixtures";
import type { UserView } from "../auth/users";
import { importItems, itemFormatFromRequest } from "./import-items";

let owner: UserView;
let other: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
  other = await makeUser(true);
});

const read = (s: ReadableStream<Uint8Array>) => new Response(s).text();

async function itemsOf(projectId: string) {
  return sql().all<{ externalId: string; text: string; score: number | null; meta: string | null; finalLabel: string | null }>(
    `SELECT "externalId", text, score, meta, "finalLabel" FROM "Item" WHERE "projectId" = ? ORDER BY "externalId"`,
    [projectId],
  );
}

describe("Label Studio import", () => {
  it("reads text, id, score and annotations of the documented task format; bad tasks are reported by line", async () => {
    const p = await makeProject(owner, { positiveLabel: "Spam", negativeLabel: "Ham" });
    const file = `[
  {"id": 1, "data": {"text": "win a prize", "source": "sms"}, "predictions": [{"model_version": "m1", "score": 0.8, "result": [{"from_name": "label", "to_name": "text", "type": "choices", "value": {"choices": ["Spam"]}}]}],
   "annotations": [{"result": [{"from_name": "label", "to_name": "text", "type": "choices", "value": {"choices": ["Spam"]}}], "was_cancelled": false}]},
  {"id": 2, "data": {"id": "own-2", "text": "see you at 5"}, "predictions": [{"result": [{"type": "choices", "value": {"choices": ["Ham"]}, "score": 0.9}]}]},
  {"id": 3, "data": {"message": "only string field, with ] and } inside"}},
  {"id": 4, "data": {"a": "x", "b": "y"}},
  42,
  {"id": 6, "data": {"text": "chose Maybe"}, "annotations": [{"result": [{"type": "choices", "value": {"choices": ["Maybe"]}}]}]}
]`;
    const r = await importItems(p.id, bytes(file, 5), "labelstudio", undefined, Math.random, null, owner.id);
    expect(r).toMatchObject({ received: 6, inserted: 4, rejected: 2, labels: { stored: 1, refused: 1 } });
    expect(r.errors).toEqual([
      { line: 6, message: 'missing "data.text", and "data" has 2 string fields (a, b), so the text is ambiguous' },
      { line: 7, message: "expected a task object, got 42" },
      { line: 8, message: 'stored, but its annotation chose "Maybe", neither "Spam" nor "Ham": no label stored' },
    ]);
    const items = await itemsOf(p.id);
    expect(items.map((i) => [i.externalId, i.text, i.score, i.finalLabel])).toEqual([
      ["1", "win a prize", 0.8, "Spam"],
      ["3", "only string field, with ] and } inside", null, null],
      ["6", "chose Maybe", null, null],
      ["own-2", "see you at 5", expect.closeTo(0.1, 12), null],
    ]);
    expect(JSON.parse(items[0]!.meta!)).toEqual({ source: "sms" });
  });

  it("refuses what is not a task array with one message, and reads the format from the query or media type", async () => {
    const p = await makeProject(owner);
    await expect(importItems(p.id, bytes('{"data": {"text": "x"}}'), "labelstudio")).rejects.toMatchObject({ status: 400, code: "not_label_studio" });
    await expect(importItems(p.id, bytes('[{"data": {"text": "x"}}'), "labelstudio")).rejects.toMatchObject({ status: 400, code: "truncated_json" });
    await expect(importItems(p.id, bytes("[]"), "labelstudio")).rejects.toMatchObject({ status: 400, code: "empty_file" });
    const req = (q: string, type = "application/json") => new Request(`http://x/api${q}`, { method: "POST", headers: { "content-type": type } });
    expect(itemFormatFromRequest(req("?format=labelstudio"))).toBe("labelstudio");
    expect(itemFormatFromRequest(req("?format=prodigy"))).toBe("prodigy");
    expect(itemFormatFromRequest(req("", "application/vnd.label-studio+json"))).toBe("labelstudio");
    expect(() => itemFormatFromRequest(req("?format=xml"))).toThrow(/^query\.format: must be one of jsonl, csv, labelstudio, prodigy, got "xml"$/);
  });
});

describe("Prodigy import", () => {
  it("maps accept/reject about the task's label onto the project's labels, for the importing user", async () => {
    const p = await makeProject(owner, { positiveLabel: "SPAM", negativeLabel: "HAM" });
    const lines = [
      { text: "a", meta: { id: "p1", source: "x" }, _input_hash: 11, answer: "accept" },
      { text: "b", _input_hash: -22, label: "SPAM", answer: "reject" },
      { text: "c", meta: { id: "p3" }, label: "HAM", answer: "accept" },
      { text: "d", meta: { id: "p4", score: 0.3 }, answer: "ignore" },
      { text: "e", meta: { id: "p5" }, answer: "maybe" },
    ];
    const r = await importItems(p.id, bytes(lines.map((l) => JSON.stringify(l)).join("\n")), "prodigy", undefined, Math.random, null, owner.id);
    expect(r).toMatchObject({ received: 5, inserted: 4, rejected: 1, labels: { stored: 3, refused: 0 } });
    expect(r.errors).toEqual([{ line: 5, message: '"answer" must be "accept", "reject" or "ignore", got "maybe"' }]);
    expect((await itemsOf(p.id)).map((i) => [i.externalId, i.finalLabel, i.score])).toEqual([
      ["-22", "HAM", null],
      ["p1", "SPAM", null],
      ["p3", "HAM", null],
      ["p4", null, 0.3],
    ]);
    // Importing the same file again stores no label twice.
    const again = await importItems(p.id, bytes(lines.map((l) => JSON.stringify(l)).join("\n")), "prodigy", undefined, Math.random, null, owner.id);
    expect(again.labels).toEqual({ stored: 0, refused: 0 });
  });
});

describe("import into a project deleted meanwhile", () => {
  it("stops with a 404 for the project, not an internal error", async () => {
    const p = await makeProject(owner, { name: "Gone" });
    const { deleteProject } = await import("../project-admin");
    async function* body() {
      const line = (i: number) => new TextEncoder().encode(JSON.stringify({ id: `g${i}`, text: `t${i}` }) + "\n");
      for (let i = 0; i < 1000; i++) yield line(i);
      // The first batch of 1,000 is stored when the next row arrives; then the project goes.
      yield line(1000);
      await deleteProject(p.id, "Gone", owner);
      for (let i = 1001; i < 2500; i++) yield line(i);
    }
    await expect(importItems(p.id, body(), "ndjson")).rejects.toMatchObject({ status: 404, message: "Project not found." });
  });
});

describe("interop round trips", () => {
  for (const format of ["labelstudio", "prodigy"] as const) {
    it(`${format}: export then import gives the same texts, meta and final labels`, async () => {
      const src = await makeProject(owner, { threshold: 0.5 });
      const rows = Array.from({ length: 1500 }, (_, i) => ({ id: `r${i}`, text: `text ${i} "quoted", ünïcode`, score: (i % 10) / 10, meta: { n: i } }));
      await importItems(src.id, bytes(rows.map((r) => JSON.stringify(r)).join("\n"), 65536), "ndjson");
      const project = await getProject(src.id);
      const leased = await leaseItems(project, owner.id, 4);
      for (const [i, it] of leased.entries())
        await createLabel(project, owner.id, { itemId: it.itemId, value: i % 2 ? "spam" : "ham", requestId: `${format}-${i}` });
      const file = await read(exportStream(project, "labels", format));
      const dst = await makeProject(other, { threshold: 0.5 });
      const r = await importItems(dst.id, bytes(file, 65536), format, undefined, Math.random, null, other.id);
      expect(r.errors.slice(0, 3)).toEqual([]);
      expect(r).toMatchObject({ received: 1500, inserted: 1500, rejected: 0, labels: { stored: 4, refused: 0 } });
      const a = await itemsOf(src.id);
      const b = await itemsOf(dst.id);
      expect(b.map((i) => [i.externalId, i.text, JSON.parse(i.meta!), i.finalLabel])).toEqual(a.map((i) => [i.externalId, i.text, JSON.parse(i.meta!), i.finalLabel]));
      expect(b.map((i) => i.score)).toEqual(a.map((i) => expect.closeTo(i.score!, 12)));
    });
  }

  it("imports Label Studio JSON at ≥ 10k tasks/s (measured, reported)", async () => {
    const p = await makeProject(owner);
    const n = 50_000;
    const tasks = Array.from({ length: n }, (_, i) => ({ data: { id: `t${i}`, text: `task number ${i} with some words` }, predictions: [{ score: (i % 100) / 100 }] }));
    const body = new TextEncoder().encode(JSON.stringify(tasks));
    const t0 = performance.now();
    const r = await importItems(p.id, bytes(body, 65536), "labelstudio");
    const s = (performance.now() - t0) / 1000;
    expect(r.inserted).toBe(n);
    console.info(`Label Studio import: ${n} tasks in ${s.toFixed(2)} s = ${Math.round(n / s)} tasks/s`);
  }, 120_000);
});
