import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "../db/client";
import { sqlTime } from "../db/sql";
import { enqueueJob } from "../jobs/queue";
import { getProject } from "../projects";
import { decodeUtf8, splitLines } from "./lines";
import { logitClamped } from "@/lib/model";

const BATCH = 1000;
const MAX_ERRORS = 100;

export interface ScoresReport {
  modelVersion: number;
  received: number;
  updated: number;
  unknownIds: number;
  rejected: number;
  errors: { line: number; message: string }[];
  retrainJobId: string;
}

/**
 * Loads scores from the researcher's own retrained model (NDJSON `{"id","score"}`): a new model version whose q is
 * the new score (the prior "trust the classifier" reset to it), then a retrain recalibrates and re-ranks.
 */
export async function importScores(projectId: string, body: AsyncIterable<Uint8Array>, modelName: string): Promise<ScoresReport> {
  const project = await getProject(projectId);
  const report = { received: 0, updated: 0, unknownIds: 0, rejected: 0, errors: [] as { line: number; message: string }[] };
  const reject = (line: number, message: string) => {
    report.rejected++;
    if (report.errors.length < MAX_ERRORS) report.errors.push({ line, message });
  };
  let batch: { id: string; score: number }[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const rows = batch;
    batch = [];
    await sql().tx(async (t) => {
      for (const r of rows) {
        const z = logitClamped(r.score);
        const d = r.score >= project.threshold ? 1 : 0;
        const res = await t.run(
          `UPDATE "Item" SET score = ?, q = ?, z = ?, decision = ?, "qB" = ?, "zB" = ?, "decisionB" = ?, "updatedAt" = ?
           WHERE "projectId" = ? AND "externalId" = ?`,
          [r.score, r.score, z, d, r.score, z, d, sqlTime(new Date()), projectId, r.id],
        );
        if (res.changes) report.updated++;
        else report.unknownIds++;
      }
    });
  };
  for await (const raw of splitLines(body, 65_536)) {
    const s = raw.truncated ? null : decodeUtf8(raw.bytes);
    if (s !== null && s.trim() === "") continue;
    report.received++;
    if (s === null) {
      reject(raw.line, raw.truncated ? "line too long" : "invalid UTF-8");
      continue;
    }
    let obj: { id?: unknown; score?: unknown };
    try {
      obj = JSON.parse(s) as typeof obj;
    } catch (e) {
      reject(raw.line, `malformed JSON: ${(e as Error).message}`);
      continue;
    }
    const id = typeof obj.id === "number" ? String(obj.id) : obj.id;
    if (typeof id !== "string" || id === "") {
      reject(raw.line, 'missing "id"');
      continue;
    }
    if (typeof obj.score !== "number" || !Number.isFinite(obj.score) || obj.score < 0 || obj.score > 1) {
      reject(raw.line, `"score" must be a number in [0, 1], got ${JSON.stringify(obj.score)}`);
      continue;
    }
    batch.push({ id, score: obj.score });
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  const version = await sql().tx(async (t) => {
    const p = (await t.get<{ modelVersion: number }>(`SELECT "modelVersion" FROM "Project" WHERE id = ?`, [projectId]))!;
    const v = p.modelVersion + 1;
    await t.run(
      `INSERT INTO "ModelVersion" (id, "projectId", version, kind, name, params, metrics, "labelsUsed", "createdAt")
       VALUES (?, ?, ?, 'external', ?, NULL, ?, 0, ?)`,
      [randomUUID(), projectId, v, modelName, JSON.stringify({ updated: report.updated, unknownIds: report.unknownIds }), sqlTime(new Date())],
    );
    await t.run(`UPDATE "Project" SET "modelVersion" = ?, "hasScores" = true WHERE id = ?`, [v, projectId]);
    return v;
  });
  const retrainJobId = await enqueueJob(projectId, "retrain", { reason: "scores", model: modelName });
  return { modelVersion: version, ...report, retrainJobId };
}
