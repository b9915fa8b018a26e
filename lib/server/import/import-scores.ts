import "server-only";
import { randomUUID } from "node:crypto";
import { sql } from "../db/client";
import { sqlTime } from "../db/sql";
import { AppError } from "../errors";
import { enqueueJob } from "../jobs/queue";
import { getProject } from "../projects";
import { logitClamped } from "@/lib/model";
import type { ScoresReport } from "@/lib/shared/types";
import type { ImportFormat } from "./import-items";
import { scoreUploadLimits } from "./limits";
import { readRecords } from "./records";
import { clip, normalizeId, parseOptionalNumber } from "./values";

export type { ScoresReport };

const CHUNK = 250;
const MAX_ERRORS = 100;
const MAX_UNKNOWN = 100;

/**
 * Loads scores from the researcher's own retrained model (JSON Lines `{"id","score"}` or CSV `id,score`): a new
 * model version whose q is the new score (the prior "trust the classifier" reset to it), then a retrain
 * recalibrates and re-ranks. Rows are read and validated first (bad rows reported by line, unknown ids named with
 * their line); then every score, the model version and the retrain job are written in ONE transaction, so an
 * upload is applied whole or not at all. Throws 400 for an empty or unreadable file, `no_valid_rows` when no row
 * is usable and `no_matching_ids` when no id matches an item (nothing is written then), 413 past
 * VERGE_SCORES_MAX_BYTES.
 */
export async function importScores(
  projectId: string,
  body: AsyncIterable<Uint8Array>,
  modelName: string,
  format: ImportFormat = "ndjson",
  declaredBytes?: number | null,
): Promise<ScoresReport> {
  const project = await getProject(projectId);
  const limits = scoreUploadLimits();
  const report = { received: 0, updated: 0, unknownIds: 0, unknown: [] as { line: number; id: string }[], rejected: 0, errors: [] as { line: number; message: string }[] };
  const reject = (line: number, message: string) => {
    report.rejected++;
    if (report.errors.length < MAX_ERRORS) report.errors.push({ line, message });
  };
  // Scores are held until the transaction: ~100 bytes each, bounded by VERGE_SCORES_MAX_BYTES.
  const rows: { line: number; id: string; score: number }[] = [];
  const shape = { required: ["id", "score"], example: '{"id":"a1","score":0.42}' };
  for await (const rec of readRecords(body, format, limits, shape, declaredBytes)) {
    report.received++;
    if ("error" in rec) {
      reject(rec.line, rec.error);
      continue;
    }
    const id = normalizeId(rec.fields.id);
    if (!id.ok) {
      reject(rec.line, id.message);
      continue;
    }
    const score = parseOptionalNumber("score", rec.fields.score, 0, 1);
    if (!score.ok) reject(rec.line, score.message);
    else if (score.value === null) reject(rec.line, 'missing "score"');
    else rows.push({ line: rec.line, id: id.id, score: score.value });
  }
  if (!rows.length)
    throw new AppError(400, "no_valid_rows", `None of the ${report.received.toLocaleString("en-US")} rows holds a valid id and score; nothing was stored.`, {
      errors: report.errors,
    });
  return sql().tx(async (t) => {
    const now = sqlTime(new Date());
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const found = await t.all<{ externalId: string }>(
        `SELECT "externalId" FROM "Item" WHERE "projectId" = ? AND "externalId" IN (${chunk.map(() => "?").join(",")})`,
        [projectId, ...chunk.map((r) => r.id)],
      );
      const known = new Set(found.map((f) => f.externalId));
      for (const r of chunk) {
        if (!known.has(r.id)) {
          report.unknownIds++;
          if (report.unknown.length < MAX_UNKNOWN) report.unknown.push({ line: r.line, id: r.id });
          continue;
        }
        const z = logitClamped(r.score);
        const d = r.score >= project.threshold ? 1 : 0;
        await t.run(
          `UPDATE "Item" SET score = ?, q = ?, z = ?, decision = ?, "qB" = ?, "zB" = ?, "decisionB" = ?, "updatedAt" = ?
           WHERE "projectId" = ? AND "externalId" = ?`,
          [r.score, r.score, z, d, r.score, z, d, now, projectId, r.id],
        );
        report.updated++;
      }
    }
    if (report.updated === 0) {
      const named = report.unknown.slice(0, 5).map((u) => `"${clip(u.id, 40)}" (line ${u.line})`).join(", ");
      throw new AppError(
        400,
        "no_matching_ids",
        `None of the ${report.unknownIds.toLocaleString("en-US")} ids matches an item of this project, e.g. ${named}; no model version was created.`,
        { unknown: report.unknown },
      );
    }
    // Incrementing in the UPDATE locks the project row: concurrent uploads get distinct versions.
    const v = (await t.get<{ modelVersion: number }>(
      `UPDATE "Project" SET "modelVersion" = "modelVersion" + 1, "hasScores" = true, "poolVersion" = "poolVersion" + 1 WHERE id = ? RETURNING "modelVersion"`,
      [projectId],
    ))!.modelVersion;
    await t.run(
      `INSERT INTO "ModelVersion" (id, "projectId", version, kind, name, params, metrics, "labelsUsed", "createdAt")
       VALUES (?, ?, ?, 'external', ?, NULL, ?, 0, ?)`,
      [randomUUID(), projectId, v, modelName, JSON.stringify({ updated: report.updated, unknownIds: report.unknownIds, rejected: report.rejected }), now],
    );
    const retrainJobId = await enqueueJob(projectId, "retrain", { reason: "scores", model: modelName }, t);
    return { modelVersion: v, ...report, retrainJobId };
  });
}
