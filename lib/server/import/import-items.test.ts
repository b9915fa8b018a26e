import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../db/client";
import { createLabel } from "../labels";
import { getProject } from "../projects";
import { leaseItems } from "../queue/lease";
import { bytes, makeProject, makeUser, ndjson } from "../test/fixtures";
import type { UserView } from "../auth/users";
import { formatFromContentType, importItems } from "./import-items";

let owner: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
});

async function items(projectId: string) {
  return sql().all<{ externalId: string; text: string; score: number | null; q: number | null; decision: number | null; meta: string | null }>(
    `SELECT "externalId", text, score, q, decision, meta FROM "Item" WHERE "projectId" = ? ORDER BY "externalId"`,
    [projectId],
  );
}

describe("importItems (NDJSON)", () => {
  it("stores valid rows and reports every bad row with its line and reason", async () => {
    const p = await makeProject(owner);
    const lines = [
      JSON.stringify({ id: "a", text: "hello", score: 0.95 }),
      "{not json",
      JSON.stringify({ text: "no id" }),
      JSON.stringify({ id: "b" }),
      JSON.stringify({ id: "c", text: "x", score: "abc" }),
      JSON.stringify({ id: "d", text: "x", score: 1.5 }),
      JSON.stringify({ id: "e", text: "x", score: "NaN" }),
      "",
      JSON.stringify({ id: 7, text: "numeric id", score: 0.2, meta: { src: "t" }, label: 1 }),
      JSON.stringify({ id: "f", text: "x".repeat(200), score: 0.5 }),
      "[1,2]",
    ];
    process.env.VERGE_MAX_TEXT_BYTES = "100";
    try {
      const r = await importItems(p.id, bytes(lines.join("\n")), "ndjson");
      expect(r).toMatchObject({ received: 10, inserted: 2, updated: 0, rejected: 8 });
      expect(r.errors).toEqual([
        { line: 2, message: expect.stringMatching(/^malformed JSON/) },
        { line: 3, message: 'missing "id"' },
        { line: 4, message: 'missing "text"' },
        { line: 5, message: '"score" must be a number in [0, 1], got "abc"' },
        { line: 6, message: '"score" must lie in [0, 1], got 1.5' },
        { line: 7, message: '"score" must be a number in [0, 1], got "NaN"' },
        { line: 10, message: '"text" is 200 bytes; the limit is 100' },
        { line: 11, message: "expected a JSON object, got an array" },
      ]);
    } finally {
      delete process.env.VERGE_MAX_TEXT_BYTES;
    }
    const rows = await items(p.id);
    expect(rows.map((r) => r.externalId)).toEqual(["7", "a"]);
    expect(rows[1]).toMatchObject({ text: "hello", score: 0.95, q: 0.95, decision: 1 });
    expect(JSON.parse(rows[0]!.meta!)).toEqual({ src: "t", label: 1 });
  });

  it("rejects lines that are not valid UTF-8 and keeps the rest", async () => {
    const p = await makeProject(owner);
    const good = new TextEncoder().encode(ndjson([{ id: "ok", text: "fine ✓" }]));
    const bad = new Uint8Array([...new TextEncoder().encode('{"id":"bad","text":"'), 0xff, 0xfe, ...new TextEncoder().encode('"}\n')]);
    const r = await importItems(p.id, bytes(new Uint8Array([...good, ...bad, ...good])), "ndjson");
    expect(r).toMatchObject({ received: 3, inserted: 1, updated: 1, rejected: 1, errors: [{ line: 2, message: "invalid UTF-8" }] });
  });

  it("throws on an empty file", async () => {
    const p = await makeProject(owner);
    await expect(importItems(p.id, bytes(""), "ndjson")).rejects.toMatchObject({ code: "empty_file", status: 400 });
    await expect(importItems(p.id, bytes("\n\n"), "ndjson")).rejects.toMatchObject({ code: "empty_file" });
  });

  it("upserts by id: text and score change, labels stay", async () => {
    const p = await makeProject(owner, { labelsPerItem: 1 });
    await importItems(p.id, bytes(ndjson([{ id: "x", text: "first", score: 0.1 }, { id: "y", text: "other", score: 0.2 }])), "ndjson");
    const project = await getProject(p.id);
    const [leased] = await leaseItems(project, owner.id, 1);
    await createLabel(project, owner.id, { itemId: leased!.itemId, value: "spam", requestId: "req-upsert-1" });
    const r = await importItems(p.id, bytes(ndjson([{ id: leased!.id, text: "second", score: 0.97 }])), "ndjson");
    expect(r).toMatchObject({ received: 1, inserted: 0, updated: 1 });
    const row = await sql().get<{ text: string; score: number; labelCount: number; finalLabel: string; status: string }>(
      `SELECT text, score, "labelCount", "finalLabel", status FROM "Item" WHERE "projectId" = ? AND "externalId" = ?`,
      [p.id, leased!.id],
    );
    expect(row).toEqual({ text: "second", score: 0.97, labelCount: 1, finalLabel: "spam", status: "done" });
    const labels = await sql().get<{ n: number }>(`SELECT count(*) AS n FROM "Label" WHERE "projectId" = ?`, [p.id]);
    expect(labels?.n).toBe(1);
  });

  it("keeps committed batches and nothing of a batch cut off by a failing stream", async () => {
    const p = await makeProject(owner);
    async function* body() {
      const rows = Array.from({ length: 1500 }, (_, i) => ({ id: `r${i}`, text: `row ${i}`, score: 0.5 }));
      yield new TextEncoder().encode(ndjson(rows));
      throw new Error("connection reset");
    }
    await expect(importItems(p.id, body(), "ndjson")).rejects.toThrow("connection reset");
    const n = await sql().get<{ n: number }>(`SELECT count(*) AS n FROM "Item" WHERE "projectId" = ?`, [p.id]);
    expect(n?.n).toBe(1000);
  });

  it("imports 5,000 rows streamed in 64 KB chunks", async () => {
    const p = await makeProject(owner);
    const rows = Array.from({ length: 5000 }, (_, i) => ({ id: `s${i}`, text: `snippet number ${i} `.repeat(5), score: (i % 100) / 100 }));
    const r = await importItems(p.id, Readable.from([Buffer.from(ndjson(rows))]), "ndjson");
    expect(r).toMatchObject({ received: 5000, inserted: 5000, rejected: 0 });
  });
});

describe("importItems (CSV)", () => {
  it("maps id,text,score and keeps other columns as meta; quoted fields may hold commas and line breaks", async () => {
    const p = await makeProject(owner);
    const csv = 'id,text,score,source\r\na,"hello, world",0.3,web\r\nb,"two\nlines ""quoted""",,sms\r\nc,plain,2,web\r\nd,short\r\n';
    const r = await importItems(p.id, bytes(csv, 5), "csv");
    expect(r).toMatchObject({ received: 4, inserted: 2, rejected: 2 });
    expect(r.errors).toEqual([
      { line: 5, message: '"score" must lie in [0, 1], got 2' },
      { line: 6, message: "expected 4 columns, found 2" },
    ]);
    const rows = await items(p.id);
    expect(rows).toMatchObject([
      { externalId: "a", text: "hello, world", score: 0.3, meta: '{"source":"web"}' },
      { externalId: "b", text: 'two\nlines "quoted"', score: null, q: null, decision: null },
    ]);
  });

  it("refuses a CSV without the required header, naming what is missing", async () => {
    const p = await makeProject(owner);
    await expect(importItems(p.id, bytes("identifier,body\n1,x\n"), "csv")).rejects.toMatchObject({
      code: "bad_header",
      message: expect.stringContaining("missing: id, text"),
    });
  });

  it("throws on an empty CSV", async () => {
    const p = await makeProject(owner);
    await expect(importItems(p.id, bytes(""), "csv")).rejects.toMatchObject({ code: "empty_file" });
  });
});

describe("formatFromContentType", () => {
  it("accepts NDJSON and CSV types and refuses others with 415", () => {
    expect(formatFromContentType("application/x-ndjson")).toBe("ndjson");
    expect(formatFromContentType("text/csv; charset=utf-8")).toBe("csv");
    expect(() => formatFromContentType("application/json")).toThrow(/not supported here/);
    expect(() => formatFromContentType(null)).toThrow(expect.objectContaining({ status: 415 }));
  });
});
