import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../db/client";
import { bytes, makeProject, makeUser, ndjson } from "../test/fixtures";
import type { UserView } from "../auth/users";
import { importItems } from "./import-items";
import { importScores } from "./import-scores";

let owner: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
});

async function state(projectId: string) {
  const versions = await sql().get<{ n: number }>(`SELECT count(*) AS n FROM "ModelVersion" WHERE "projectId" = ? AND kind = 'external'`, [projectId]);
  const jobs = await sql().get<{ n: number }>(`SELECT count(*) AS n FROM "Job" WHERE "projectId" = ? AND kind = 'retrain'`, [projectId]);
  const project = await sql().get<{ modelVersion: number }>(`SELECT "modelVersion" FROM "Project" WHERE id = ?`, [projectId]);
  const scores = await sql().all<{ externalId: string; score: number | null }>(`SELECT "externalId", score FROM "Item" WHERE "projectId" = ? ORDER BY "externalId"`, [projectId]);
  return { versions: versions?.n ?? 0, jobs: jobs?.n ?? 0, modelVersion: project?.modelVersion, scores };
}

async function pool(rows: { id: string | number; text: string; score?: number }[]) {
  const p = await makeProject(owner);
  await importItems(p.id, bytes(ndjson(rows)), "ndjson");
  return { p, before: await state(p.id) };
}

describe("importScores", () => {
  it("refuses an empty file and a file where no id matches: no model version, no job", async () => {
    const { p, before } = await pool([{ id: "a", text: "x", score: 0.1 }]);
    await expect(importScores(p.id, bytes(""), "m")).rejects.toMatchObject({ status: 400, code: "empty_file" });
    await expect(importScores(p.id, bytes(ndjson([{ id: "zz", score: 0.5 }, { id: "yy", score: 0.6 }])), "m")).rejects.toMatchObject({
      status: 400,
      code: "no_matching_ids",
      message: expect.stringContaining('"zz" (line 1), "yy" (line 2)'),
      details: { unknown: [{ line: 1, id: "zz" }, { line: 2, id: "yy" }] },
    });
    await expect(importScores(p.id, bytes(ndjson([{ id: "a" }, { id: "a", score: "" }])), "m")).rejects.toMatchObject({ code: "no_valid_rows" });
    expect(await state(p.id)).toEqual(before);
  });

  it("names unknown ids with their lines and matches ids normalised as on import", async () => {
    const { p } = await pool([{ id: "42", text: "x" }, { id: "b", text: "y" }]);
    const r = await importScores(p.id, bytes(ndjson([{ id: "42 ", score: 0.9 }, { id: "nope", score: 0.2 }, { id: 42, score: 0.8 }, { id: " b", score: "0.3" }])), "m");
    expect(r).toMatchObject({ received: 4, updated: 3, unknownIds: 1, unknown: [{ line: 2, id: "nope" }], rejected: 0, modelVersion: 1 });
    expect((await state(p.id)).scores).toEqual([{ externalId: "42", score: 0.8 }, { externalId: "b", score: 0.3 }]);
  });

  it("reads scores strictly: blank is no value (a rejected row), never 0", async () => {
    const { p } = await pool([{ id: "a", text: "x", score: 0.5 }, { id: "b", text: "y", score: 0.5 }, { id: "c", text: "z", score: 0.5 }]);
    const r = await importScores(p.id, bytes('{"id":"a","score":""}\n{"id":"b","score":" "}\n{"id":"c","score":null}\n{"id":"a","score":0.25}\n'), "m");
    expect(r).toMatchObject({ received: 4, updated: 1, rejected: 3 });
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([[1, 'missing "score"'], [2, 'missing "score"'], [3, 'missing "score"']]);
    expect((await state(p.id)).scores).toEqual([{ externalId: "a", score: 0.25 }, { externalId: "b", score: 0.5 }, { externalId: "c", score: 0.5 }]);
  });

  it("keeps 19-digit ids apart: each score lands on its own item", async () => {
    const p = await makeProject(owner);
    await importItems(p.id, bytes('{"id":1234567890123456789,"text":"a"}\n{"id":1234567890123456790,"text":"b"}\n'), "ndjson");
    const r = await importScores(p.id, bytes('{"id":1234567890123456789,"score":0.1}\n{"id":1234567890123456790,"score":0.9}\n'), "m");
    expect(r).toMatchObject({ updated: 2, unknownIds: 0 });
    expect((await state(p.id)).scores).toEqual([
      { externalId: "1234567890123456789", score: 0.1 },
      { externalId: "1234567890123456790", score: 0.9 },
    ]);
  });

  it("a bad last line (null) is reported by line; the rest is applied with its model version, in one go", async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ({ id: `s${i}`, text: `t${i}`, score: 0.5 }));
    const { p } = await pool(rows);
    const body = ndjson(rows.map((r) => ({ id: r.id, score: 0.75 }))) + "null\n";
    const r = await importScores(p.id, bytes(body, 4096), "m");
    expect(r).toMatchObject({ received: 1201, updated: 1200, rejected: 1, errors: [{ line: 1201, message: "expected a JSON object, got null" }] });
    const after = await state(p.id);
    expect(after).toMatchObject({ versions: 1, jobs: 1, modelVersion: 1 });
    expect(after.scores.every((s) => s.score === 0.75)).toBe(true);
  });

  it("applies nothing when the stream fails midway (all or nothing per upload)", async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => ({ id: `f${i}`, text: `t${i}`, score: 0.5 }));
    const { p, before } = await pool(rows);
    async function* body() {
      yield new TextEncoder().encode(ndjson(rows.map((r) => ({ id: r.id, score: 0.9 }))));
      throw new Error("connection reset");
    }
    await expect(importScores(p.id, body(), "m")).rejects.toThrow("connection reset");
    expect(await state(p.id)).toEqual(before);
  });

  it("reads CSV id,score and refuses a JSON array once", async () => {
    const { p } = await pool([{ id: "a", text: "x" }]);
    expect(await importScores(p.id, bytes("id,score\r a ,0.4\r"), "m", "csv")).toMatchObject({ updated: 1 });
    await expect(importScores(p.id, bytes('[\n  {"id":"a","score":0.5}\n]\n'), "m")).rejects.toMatchObject({ code: "json_array" });
  });

  it("a body over VERGE_SCORES_MAX_BYTES is a 413 and stores nothing", async () => {
    const { p, before } = await pool([{ id: "a", text: "x" }]);
    process.env.VERGE_SCORES_MAX_BYTES = "100";
    try {
      await expect(importScores(p.id, bytes(ndjson(Array.from({ length: 20 }, () => ({ id: "a", score: 0.5 })))), "m")).rejects.toMatchObject({
        status: 413,
        message: expect.stringContaining("VERGE_SCORES_MAX_BYTES"),
      });
    } finally {
      delete process.env.VERGE_SCORES_MAX_BYTES;
    }
    expect(await state(p.id)).toEqual(before);
  });
});
