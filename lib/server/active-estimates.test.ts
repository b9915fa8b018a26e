import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "./db/client";
import { importItems } from "./import/import-items";
import { createLabel } from "./labels";
import { getProject } from "./projects";
import { projectStats } from "./stats";
import { thresholdEstimates } from "./thresholds";
import { leaseItems } from "./queue/lease";
import { bytes, makeProject, makeUser, ndjson } from "./test/fixtures";
import type { UserView } from "./auth/users";
import { mulberry32 } from "@/lib/model/rng";

let owner: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
});

describe("estimates from every label (queue rounds)", () => {
  it("a labeled loop through the services records π on every label and estimates the live decisions' errors from all of them", async () => {
    const n = 240;
    const rng = mulberry32(5);
    const scores = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
    const truth = scores.map((s) => (rng() < s ? 1 : 0)); // calibrated scores: P(y = 1) = score
    const p = await makeProject(owner, { threshold: 0.5, strategy: "margin", retrainEvery: 1000, randomShare: 0.5 });
    await importItems(p.id, bytes(ndjson(scores.map((s, i) => ({ id: `i${i}`, text: `t${i}`, score: s }))), 4096), "ndjson");
    const project = await getProject(p.id);
    const labeler = await makeUser();
    const byId = new Map(scores.map((_, i) => [`i${i}`, truth[i]!]));
    let labeled = 0;
    let skips = 0;
    const draw = mulberry32(9);
    while (labeled < 60) {
      const items = await leaseItems(project, labeler.id, 10, new Date(), draw);
      expect(items.length).toBeGreaterThan(0);
      for (const it of items) {
        // Every 15th item is skipped: it returns to the pool and counts in the skip share.
        const skip = (labeled + skips) % 15 === 14;
        await createLabel(project, labeler.id, { itemId: it.itemId, value: skip ? "skip" : byId.get(it.id) ? "spam" : "ham", requestId: `a-${it.itemId}` });
        if (skip) skips++;
        else labeled++;
      }
    }
    const labels = await sql().all<{ inclusionProbability: number | null; round: number | null; roundQ: number | null; modelVersion: number | null }>(
      `SELECT "inclusionProbability", round, "roundQ", "modelVersion" FROM "Label" WHERE "projectId" = ?`,
      [project.id],
    );
    expect(labels.length).toBe(labeled + skips);
    for (const l of labels) {
      expect(l.inclusionProbability! > 0 && l.inclusionProbability! <= 1).toBe(true);
      expect(l.round).toBeGreaterThanOrEqual(1);
      expect(l.roundQ).not.toBeNull();
      expect(l.modelVersion).toBe(project.modelVersion);
    }
    // Close the open round: label whatever it still has planned (another labeler takes the skipped ones).
    const other = await makeUser();
    const open = await sql().all<{ id: number; externalId: string }>(
      `SELECT id, "externalId" FROM "Item" i WHERE "projectId" = ? AND "roundNo" = (SELECT "estRound" FROM "Project" WHERE id = ?) AND status = 'queued'`,
      [project.id, project.id],
    );
    for (const it of open) {
      await sql().run(`INSERT INTO "Serve" ("itemId", "userId", "servedAt") VALUES (?, ?, ?)`, [it.id, other.id, new Date().toISOString()]);
      await createLabel(project, other.id, { itemId: it.id, value: byId.get(it.externalId) ? "spam" : "ham", requestId: `c-${it.id}` });
    }
    const stats = await projectStats(project, owner.id);
    const est = stats.activeEstimates!;
    expect(est).not.toBeNull();
    expect(stats.estimates).toMatchObject({ source: "active", labels: est.labels, effectiveSampleSize: est.effectiveSampleSize, skipShare: est.skipShare });
    const settled = await sql().get<{ n: number }>(`SELECT count(*) AS n FROM "Item" WHERE "projectId" = ? AND "finalY" IS NOT NULL`, [project.id]);
    expect(est.labels).toBe(settled!.n);
    expect(est.randomLabels + est.certaintyLabels).toBe(est.labels);
    expect(est.randomLabels).toBeGreaterThan(0);
    expect(est.effectiveSampleSize).toBeGreaterThan(0);
    expect(typeof est.falseNegatives.modelBound).toBe("boolean");
    expect(est.roundsUsed.length).toBeGreaterThan(0);
    // The truth lies in what the labels prove, and (this seed) in the 95% intervals.
    const fp = scores.filter((s, i) => s >= 0.5 && truth[i] === 0).length;
    const fn = scores.filter((s, i) => s < 0.5 && truth[i] === 1).length;
    for (const [iv, t] of [[est.falsePositives, fp], [est.falseNegatives, fn]] as const) {
      expect(t).toBeGreaterThanOrEqual(iv.provenLow);
      expect(t).toBeLessThanOrEqual(iv.provenHigh);
      expect(t).toBeGreaterThanOrEqual(iv.low);
      expect(t).toBeLessThanOrEqual(iv.high);
    }
    expect(est.decidedPositive).toBe(scores.filter((s) => s >= 0.5).length);
    // The thresholds endpoint carries the same estimate for the saved τ.
    expect((await thresholdEstimates(project, {})).active).toEqual(est);
  });
});
