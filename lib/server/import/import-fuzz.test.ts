import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../db/client";
import { AppError } from "../errors";
import { bytes, makeProject, makeUser } from "../test/fixtures";
import type { UserView } from "../auth/users";
import { importItems } from "./import-items";
import { importScores } from "./import-scores";

let owner: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
});

const RUNS = 40;
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

// Text that hits the parsers' edges: quotes, separators, line breaks, controls, bidi marks, surrogates.
const nasty = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: fc.constantFrom("a", " ", ",", '"', "\r", "\n", "\t", "\u0000", "\u202e", "é", "{", "[", "\\", "\uFEFF"), maxLength: 10 }),
  fc.string({ unit: "grapheme", maxLength: 6 }),
);
const idValue = fc.oneof(nasty, fc.integer(), fc.constantFrom("1234567890123456789", "1.0", "-0", "1e3"), fc.double(), fc.constant(null));
const scoreValue = fc.oneof(fc.double(), fc.constantFrom("", " ", "0.5", "0x1", "NaN", null, true), fc.string({ maxLength: 4 }));
const meta = fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 3 }), fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 2 })));
const eol = fc.constantFrom("\n", "\r\n", "\r");

/** A JSON Lines row: mostly objects, sometimes raw junk; numeric ids as bare JSON numbers. */
const jsonRow = fc.oneof(
  { weight: 4, arbitrary: fc.record({ id: idValue, text: nasty, score: scoreValue, meta }).map((r) => JSON.stringify(r).replace(/"id":"(-?\d[\d.e]*)"/, '"id":$1')) },
  { weight: 1, arbitrary: nasty },
  { weight: 1, arbitrary: fc.constantFrom("null", "[1]", "{", '{"id":"x"}', `{"id":"d","text":"t","meta":${"[".repeat(40)}${"]".repeat(40)}}`) },
);
const csvCell = fc.tuple(nasty, fc.boolean()).map(([s, quote]) => (quote || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s));

async function expectValidState(projectId: string, inserted: number) {
  const rows = await sql().all<{ externalId: string }>(`SELECT "externalId" FROM "Item" WHERE "projectId" = ?`, [projectId]);
  expect(rows.length).toBe(inserted);
  for (const r of rows) {
    expect(r.externalId).not.toBe("");
    expect(r.externalId).toBe(r.externalId.trim());
    expect(FORBIDDEN.test(r.externalId)).toBe(false);
  }
}

/** Runs an upload; only AppErrors may escape, and then nothing about the file is stored. */
async function attempt<T>(fn: () => Promise<T>): Promise<T | null> {
  try {
    return await fn();
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(AppError);
    expect((e as AppError).status).toBeLessThan(500);
    return null;
  }
}

describe("import fuzzing (seeded fast-check): no 5xx, no invalid state", () => {
  it("items as JSON Lines", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(jsonRow, { maxLength: 8 }), eol, fc.boolean(), fc.integer({ min: 1, max: 64 }), async (rows, nl, bom, chunk) => {
        const p = await makeProject(owner);
        const r = await attempt(() => importItems(p.id, bytes((bom ? "\uFEFF" : "") + rows.join(nl), chunk), "ndjson"));
        if (!r) return expectValidState(p.id, 0);
        expect(r.inserted + r.updated + r.rejected).toBe(r.received);
        await expectValidState(p.id, r.inserted);
      }),
      { numRuns: RUNS, seed: 20261130 },
    );
  });

  it("items as CSV", async () => {
    const record = fc.tuple(csvCell, csvCell, fc.oneof(fc.constant(""), fc.double().map(String), csvCell)).map((c) => c.join(","));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("id,text,score", "text,id,score", "id;text"), fc.array(record, { maxLength: 8 }), eol, fc.integer({ min: 1, max: 64 }), async (header, rows, nl, chunk) => {
        const p = await makeProject(owner);
        const r = await attempt(() => importItems(p.id, bytes([header, ...rows].join(nl), chunk), "csv"));
        if (!r) return expectValidState(p.id, 0);
        expect(r.inserted + r.updated + r.rejected).toBe(r.received);
        await expectValidState(p.id, r.inserted);
      }),
      { numRuns: RUNS, seed: 20261131 },
    );
  });

  it("scores as JSON Lines and CSV: all or nothing, a model version only when something matched", async () => {
    const p = await makeProject(owner);
    await importItems(p.id, bytes('{"id":"a","text":"x"}\n{"id":"1","text":"y"}\n{"id":"1234567890123456789","text":"z"}\n'), "ndjson");
    const scoreRow = fc.oneof(
      fc.record({ id: fc.oneof(idValue, fc.constantFrom("a", " a ", "1", 1, "1234567890123456789")), score: scoreValue }).map((r) => JSON.stringify(r)),
      nasty,
    );
    await fc.assert(
      fc.asyncProperty(fc.array(scoreRow, { maxLength: 6 }), eol, fc.boolean(), async (rows, nl, csv) => {
        const body = csv ? ["id,score", ...rows.map((r) => r.replace(/^\{"id":(.*),"score":(.*)\}$/, "$1,$2"))].join(nl) : rows.join(nl);
        const before = await sql().get<{ modelVersion: number }>(`SELECT "modelVersion" FROM "Project" WHERE id = ?`, [p.id]);
        const r = await attempt(() => importScores(p.id, bytes(body, 5), "fuzz", csv ? "csv" : "ndjson"));
        const after = await sql().get<{ modelVersion: number }>(`SELECT "modelVersion" FROM "Project" WHERE id = ?`, [p.id]);
        if (!r) {
          expect(after).toEqual(before);
          return;
        }
        expect(r.updated).toBeGreaterThan(0);
        expect(r.updated + r.unknownIds + r.rejected).toBe(r.received);
        expect(after!.modelVersion).toBe(before!.modelVersion + 1);
      }),
      { numRuns: RUNS, seed: 20261132 },
    );
  });
});
