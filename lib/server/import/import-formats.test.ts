import { beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "../db/client";
import { bytes, makeProject, makeUser, ndjson } from "../test/fixtures";
import type { UserView } from "../auth/users";
import { BatchWriter } from "./batch-writer";
import { importItems } from "./import-items";

let owner: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
});

async function stored(projectId: string) {
  return sql().all<{ externalId: string; text: string; score: number | null; meta: string | null }>(
    `SELECT "externalId", text, score, meta FROM "Item" WHERE "projectId" = ? ORDER BY "externalId"`,
    [projectId],
  );
}

const utf16 = (s: string, endian: "le" | "be") => {
  const out = new Uint8Array(2 + s.length * 2);
  out.set(endian === "le" ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 + 2 * i + (endian === "le" ? 0 : 1)] = c & 0xff;
    out[2 + 2 * i + (endian === "le" ? 1 : 0)] = c >> 8;
  }
  return out;
};

describe("line endings and encodings: every physical record is imported or reported", () => {
  it("reads lone-CR (classic Mac Excel) CSV, whatever the chunking", async () => {
    for (const chunk of [1, 2, 7, 4096]) {
      const p = await makeProject(owner);
      const r = await importItems(p.id, bytes("id,text\rm1,one\rm2,two\rm3,three\r", chunk), "csv");
      expect(r).toMatchObject({ received: 3, inserted: 3, rejected: 0 });
      expect((await stored(p.id)).map((x) => [x.externalId, x.text])).toEqual([["m1", "one"], ["m2", "two"], ["m3", "three"]]);
    }
  });

  it("numbers lines the same for LF, CRLF, CR and a mix, in CSV and JSONL", async () => {
    const p = await makeProject(owner);
    const r = await importItems(p.id, bytes("id,text\r\na,x\rb\nc,y\r\n,z\rd,w"), "csv");
    expect(r).toMatchObject({ received: 5, inserted: 3, rejected: 2 });
    expect(r.errors).toEqual([
      { line: 3, message: "expected 2 columns, found 1" },
      { line: 5, message: '"id" is empty' },
    ]);
    const q = await makeProject(owner);
    const rows = [{ id: "j1", text: "a" }, { id: "j2", text: "b" }, { id: "j3", text: "c" }].map((o) => JSON.stringify(o));
    const s = await importItems(q.id, bytes(`${rows[0]}\r${rows[1]}\r\n{bad\n${rows[2]}\r`, 3), "ndjson");
    expect(s).toMatchObject({ received: 4, inserted: 3, rejected: 1, errors: [{ line: 3 }] });
  });

  it("drops a UTF-8 byte-order mark (CSV header and JSONL first row)", async () => {
    const p = await makeProject(owner);
    expect(await importItems(p.id, bytes("\uFEFFid,text\nb1,ü\n", 1), "csv")).toMatchObject({ inserted: 1, rejected: 0 });
    const q = await makeProject(owner);
    expect(await importItems(q.id, bytes(`\uFEFF${JSON.stringify({ id: "b2", text: "ü" })}\n`, 2), "ndjson")).toMatchObject({ inserted: 1, rejected: 0 });
  });

  it("decodes UTF-16 files with a byte-order mark (LE and BE)", async () => {
    for (const endian of ["le", "be"] as const) {
      const p = await makeProject(owner);
      const r = await importItems(p.id, bytes(utf16("id,text\r\nu1,überprüfen ✓\r\nu2,zwei\r\n", endian), 5), "csv");
      expect(r).toMatchObject({ received: 2, inserted: 2, rejected: 0 });
      expect((await stored(p.id))[0]).toMatchObject({ externalId: "u1", text: "überprüfen ✓" });
    }
  });

  it("refuses a UTF-16 file with a broken sequence, naming the encoding", async () => {
    const p = await makeProject(owner);
    const broken = new Uint8Array([...utf16("id,text\n", "le"), 0x00, 0xd8, 0x41, 0x00]); // lone high surrogate
    await expect(importItems(p.id, bytes(broken), "csv")).rejects.toMatchObject({ status: 400, code: "bad_encoding", message: expect.stringMatching(/UTF-16LE/) });
  });

  it("refuses UTF-16 without a byte-order mark with a reason", async () => {
    const p = await makeProject(owner);
    await expect(importItems(p.id, bytes(utf16("id,text\na,b\n", "le").subarray(2)), "csv")).rejects.toMatchObject({
      code: "bad_encoding",
      message: expect.stringContaining("without a byte-order mark"),
    });
  });

  it("refuses a header-only CSV and an empty file with a 400 saying so", async () => {
    const p = await makeProject(owner);
    await expect(importItems(p.id, bytes("id,text,score\r\n"), "csv")).rejects.toMatchObject({
      status: 400,
      code: "empty_file",
      message: expect.stringContaining("header line (id,text,score) but no rows"),
    });
    await expect(importItems(p.id, bytes("\uFEFF"), "csv")).rejects.toMatchObject({ code: "empty_file" });
    await expect(importItems(p.id, bytes("\r\r\n\n"), "ndjson")).rejects.toMatchObject({ code: "empty_file" });
  });
});

describe("recognisable wrong formats get one clear message", () => {
  it("a pretty-printed JSON array sent as JSON Lines", async () => {
    const p = await makeProject(owner);
    const row = (id: string) => ({ id, text: `text ${id}`, score: 0.5, lang: "en", source: "web" });
    const array = JSON.stringify([row("a"), row("b")], null, 2);
    expect(array.split("\n").length).toBe(16);
    await expect(importItems(p.id, bytes(array), "ndjson")).rejects.toMatchObject({
      status: 400,
      code: "json_array",
      message: expect.stringContaining("This is a JSON array"),
    });
    expect(await stored(p.id)).toEqual([]);
  });

  it("CSV sent as JSON Lines, and JSON Lines or a JSON array sent as CSV", async () => {
    const p = await makeProject(owner);
    await expect(importItems(p.id, bytes("id,text\na,b\n"), "ndjson")).rejects.toMatchObject({ code: "looks_like_csv", message: expect.stringContaining("text/csv") });
    await expect(importItems(p.id, bytes(ndjson([{ id: "a", text: "b" }])), "csv")).rejects.toMatchObject({
      code: "looks_like_json",
      message: expect.stringContaining("application/x-ndjson"),
    });
    await expect(importItems(p.id, bytes('[{"id":"a","text":"b"}]'), "csv")).rejects.toMatchObject({ code: "looks_like_json" });
  });

  it("a spreadsheet or archive is refused by its signature", async () => {
    const p = await makeProject(owner);
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    await expect(importItems(p.id, bytes(xlsx), "csv")).rejects.toMatchObject({ status: 400, code: "binary_file", message: expect.stringContaining("xlsx") });
    await expect(importItems(p.id, bytes(new Uint8Array([0x1f, 0x8b, 0x08, 0x00])), "ndjson")).rejects.toMatchObject({ code: "binary_file" });
  });

  it("a semicolon-separated CSV header names the separator", async () => {
    const p = await makeProject(owner);
    await expect(importItems(p.id, bytes("id;text\na;b\n"), "csv")).rejects.toMatchObject({ code: "bad_header", message: expect.stringContaining("semicolons") });
  });
});

describe("ids round-trip exactly", () => {
  it("keeps 19-digit and decimal numeric ids as their JSON token text", async () => {
    const p = await makeProject(owner);
    const body = [
      '{"id":1234567890123456789,"text":"first","meta":{"n":98765432109876543210}}',
      '{"id":1234567890123456790,"text":"second"}',
      '{"id":1.0,"text":"one point zero"}',
      '{"id":1,"text":"one"}',
      '{"id":-0,"text":"minus zero"}',
      '{"id":"m","text":"string id, long number in meta","meta":{"n":12345678901234567890,"f":1.50}}',
    ].join("\n");
    const r = await importItems(p.id, bytes(body), "ndjson");
    expect(r).toMatchObject({ received: 6, inserted: 6, updated: 0 });
    const rows = await stored(p.id);
    expect(rows.map((x) => x.externalId).sort()).toEqual(["-0", "1", "1.0", "1234567890123456789", "1234567890123456790", "m"]);
    expect(rows.find((x) => x.externalId === "m")!.meta).toBe('{"n":12345678901234567890,"f":1.50}');
    expect(rows.find((x) => x.externalId === "1234567890123456789")!.meta).toBe('{"n":98765432109876543210}');
  });

  it("trims ids the same in JSONL and CSV and refuses control and bidi characters, naming the line", async () => {
    const p = await makeProject(owner);
    const r = await importItems(
      p.id,
      bytes(ndjson([{ id: " 42 ", text: "a" }, { id: "a\u0000b", text: "b" }, { id: "x\u202Ey", text: "c" }, { id: "c\u0085", text: "d" }, { id: "\u2066i", text: "e" }])),
      "ndjson",
    );
    expect(r).toMatchObject({ received: 5, inserted: 1, rejected: 4 });
    expect(r.errors).toEqual([
      { line: 2, message: expect.stringContaining("U+0000 at position 2") },
      { line: 3, message: expect.stringContaining("U+202E") },
      { line: 4, message: expect.stringContaining("U+0085") },
      { line: 5, message: expect.stringContaining("U+2066") },
    ]);
    const c = await importItems(p.id, bytes('id,text\n" 42 ",again\n'), "csv");
    expect(c).toMatchObject({ inserted: 0, updated: 1 });
    expect((await stored(p.id)).map((x) => [x.externalId, x.text])).toEqual([["42", "again"]]);
  });
});

describe("row-level failures stay row-level; streams are bounded", () => {
  it("a text PostgreSQL cannot hold (NUL) or that is not Unicode (unpaired surrogate) is rejected by line on every database", async () => {
    const p = await makeProject(owner);
    const r = await importItems(p.id, bytes('{"id":"n","text":"a\\u0000b"}\n{"id":"s","text":"x\\ud800y"}\n{"id":"ok","text":"fine"}\n'), "ndjson");
    expect(r.errors).toEqual([
      { line: 1, message: '"text" holds a NUL character (U+0000) at position 2' },
      { line: 2, message: '"text" holds an unpaired UTF-16 surrogate at position 2 (not valid Unicode)' },
    ]);
    expect((await stored(p.id)).map((x) => x.externalId)).toEqual(["ok"]);
  });

  it("a row nesting 50,000 levels deep is reported and the rest of its batch kept", async () => {
    const p = await makeProject(owner);
    const deep = `{"id":"deep","text":"x","meta":${"[".repeat(50_000)}${"]".repeat(50_000)}}`;
    const rows = Array.from({ length: 10 }, (_, i) => JSON.stringify({ id: `g${i}`, text: "good" }));
    const r = await importItems(p.id, bytes([...rows.slice(0, 5), deep, ...rows.slice(5)].join("\n"), 65536), "ndjson");
    expect(r).toMatchObject({ received: 11, inserted: 10, rejected: 1, errors: [{ line: 6, message: expect.stringContaining("deeper than 32 levels") }] });
  });

  it("a row the database refuses is reported by line and the rest of its batch stored; a dead database still fails", async () => {
    const p = await makeProject(owner);
    const real = BatchWriter.prototype.write;
    const spy = vi.spyOn(BatchWriter.prototype, "write").mockImplementation(async function (this: BatchWriter, rows) {
      if (rows.some((r) => r.id.startsWith("boom"))) throw new Error("refused by the database");
      return real.call(this, rows);
    });
    try {
      const r = await importItems(p.id, bytes(ndjson([{ id: "a", text: "x" }, { id: "boom", text: "y" }, { id: "b", text: "z" }])), "ndjson");
      expect(r).toMatchObject({ received: 3, inserted: 2, rejected: 1, errors: [{ line: 2, message: "could not be stored: refused by the database" }] });
      expect((await stored(p.id)).map((x) => x.externalId)).toEqual(["a", "b"]);
      await expect(importItems(p.id, bytes(ndjson([{ id: "boom1", text: "x" }, { id: "boom2", text: "y" }])), "ndjson")).rejects.toThrow("refused by the database");
    } finally {
      spy.mockRestore();
    }
  });

  it("a body over VERGE_IMPORT_MAX_BYTES is a 413 counted while streaming; a declared length over it fails first", async () => {
    const p = await makeProject(owner);
    process.env.VERGE_IMPORT_MAX_BYTES = "1000";
    try {
      const body = ndjson(Array.from({ length: 100 }, (_, i) => ({ id: `l${i}`, text: "some text" })));
      await expect(importItems(p.id, bytes(body, 64), "ndjson")).rejects.toMatchObject({ status: 413, message: expect.stringContaining("VERGE_IMPORT_MAX_BYTES") });
      await expect(importItems(p.id, bytes("x"), "ndjson", undefined, Math.random, 5000)).rejects.toMatchObject({ status: 413 });
    } finally {
      delete process.env.VERGE_IMPORT_MAX_BYTES;
    }
  });

  it("a line over VERGE_IMPORT_MAX_LINE_BYTES is rejected by line; echoed values are clipped to 100 characters", async () => {
    const p = await makeProject(owner);
    process.env.VERGE_IMPORT_MAX_LINE_BYTES = "200";
    try {
      const r = await importItems(
        p.id,
        bytes(ndjson([{ id: "ok", text: "fine" }, { id: "long", text: "y".repeat(300) }, { id: "s", text: "t", score: "z".repeat(150) }])),
        "ndjson",
      );
      expect(r).toMatchObject({ received: 3, inserted: 1, rejected: 2 });
      expect(r.errors[0]).toEqual({ line: 2, message: expect.stringContaining("VERGE_IMPORT_MAX_LINE_BYTES") });
      expect(r.errors[1]!.message.length).toBeLessThan(160);
      expect(r.errors[1]!.message).toContain("…");
    } finally {
      delete process.env.VERGE_IMPORT_MAX_LINE_BYTES;
    }
  });

  it("blank and non-numeric scores: a blank is no value, never 0", async () => {
    const p = await makeProject(owner);
    const r = await importItems(p.id, bytes("id,text,score\na,x, \nb,y,0x1\nc,z,Infinity\nd,w,0.25\n"), "csv");
    expect(r).toMatchObject({ received: 4, inserted: 2, rejected: 2 });
    expect((await stored(p.id)).map((x) => [x.externalId, x.score])).toEqual([["a", null], ["d", 0.25]]);
  });
});
