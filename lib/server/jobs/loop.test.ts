import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { mulberry32 } from "@/lib/sampling";
import { sql } from "../db/client";
import { exportStream } from "../export/export";
import { importItems } from "../import/import-items";
import { createLabel } from "../labels";
import { getProject } from "../projects";
import { leaseItems } from "../queue/lease";
import { slotColumns } from "../queue/slots";
import { projectStats } from "../stats";
import { bytes, makeProject, makeUser, ndjson } from "../test/fixtures";
import { runOneJob } from "./worker";

const DATA = path.resolve(process.env.VERGE_DATA ?? "../shared/data", "sms-spam", "sms-spam.jsonl");

/**
 * The loop of product.md on real data: 2,000 SMS snippets with weak scores, 300 labels through the services with
 * the true labels, retrains run by the worker as they are queued.
 */
describe("active-learning loop", () => {
  const truth = new Map<string, 0 | 1>();
  let projectId: string;
  let before: Map<string, { decision: number; priority: number }>;

  beforeAll(async () => {
    const rng = mulberry32(7);
    const rows = fs
      .readFileSync(DATA, "utf8")
      .trim()
      .split("\n")
      .slice(0, 2000)
      .map((l) => JSON.parse(l) as { id: string; text: string; label: 0 | 1 });
    // Weak scores: the true class shifts a noisy logit a little (AUC well below a trained model's).
    const pool = rows.map((r) => {
      truth.set(r.id, r.label);
      const zz = -1.2 + 1.4 * r.label + 1.3 * (rng() + rng() + rng() - 1.5);
      return { id: r.id, text: r.text, score: Number((1 / (1 + Math.exp(-zz))).toFixed(5)) };
    });
    const owner = await makeUser(true);
    const p = await makeProject(owner, { threshold: 0.9, strategy: "edv-unc25", retrainEvery: 50, auditFraction: 0.1, randomShare: 0 }); // the audit-plan stream: randomShare 0
    projectId = p.id;
    const r = await importItems(p.id, bytes(ndjson(pool), 65536), "ndjson", undefined, mulberry32(11));
    expect(r.inserted).toBe(2000);
    const project = await getProject(p.id);
    before = await snapshot(project.scoreSlot);
  }, 120_000);

  async function snapshot(slot: number) {
    const c = slotColumns(slot);
    const rows = await sql().all<{ externalId: string; decision: number; priority: number }>(
      `SELECT "externalId", ${c.decision} AS decision, ${c.priority} AS priority FROM "Item" WHERE "projectId" = ?`,
      [projectId],
    );
    return new Map(rows.map((r) => [r.externalId, r]));
  }

  it("labels 300, retrains, re-ranks, streams audit draws and estimates the errors it leaves", async () => {
    const labeler = await makeUser(false);
    const rng = mulberry32(3);
    let labeled = 0;
    let retrains = 0;
    while (labeled < 300) {
      const project = await getProject(projectId);
      const items = await leaseItems(project, labeler.id, 10, new Date(), rng);
      expect(items.length).toBeGreaterThan(0);
      for (const it of items) {
        if (labeled >= 300) break;
        const y = truth.get(it.id)!;
        await createLabel(project, labeler.id, { itemId: it.itemId, value: y ? "spam" : "ham", requestId: `loop-${it.itemId}` });
        labeled++;
      }
      while (await runOneJob()) retrains++;
    }
    const project = await getProject(projectId);
    expect(retrains).toBeGreaterThanOrEqual(6);
    expect(project.modelVersion).toBe(retrains);
    const versions = await sql().all<{ version: number; kind: string; labelsUsed: number }>(
      `SELECT version, kind, "labelsUsed" FROM "ModelVersion" WHERE "projectId" = ? ORDER BY version`,
      [projectId],
    );
    expect(versions.map((v) => v.version)).toEqual(Array.from({ length: retrains }, (_, i) => i + 1));
    expect(versions.every((v) => v.kind === "trained")).toBe(true);
    expect(versions.at(-1)!.labelsUsed).toBeGreaterThanOrEqual(250);

    // Decisions and priorities moved with the model.
    const after = await snapshot(project.scoreSlot);
    let decisionChanges = 0;
    let priorityChanges = 0;
    for (const [id, a] of after) {
      const b = before.get(id)!;
      if (a.decision !== b.decision) decisionChanges++;
      if (a.priority !== b.priority) priorityChanges++;
    }
    expect(decisionChanges).toBeGreaterThan(20);
    expect(priorityChanges).toBeGreaterThan(1000);

    // Streams: audit labels carry their plan, stratum and π; active ones the strategy.
    const labels = await sql().all<{ stream: string; strategy: string | null; inclusionProbability: number | null; auditPlanId: string | null; auditStratum: number | null; modelVersion: number }>(
      `SELECT stream, strategy, "inclusionProbability", "auditPlanId", "auditStratum", "modelVersion" FROM "Label" WHERE "projectId" = ?`,
      [projectId],
    );
    const audit = labels.filter((l) => l.stream === "audit");
    const active = labels.filter((l) => l.stream === "active");
    expect(audit.length + active.length).toBe(300);
    expect(audit.length).toBeGreaterThanOrEqual(10);
    const plan = (await sql().get<{ id: string; strata: string }>(`SELECT id, strata FROM "AuditPlan" WHERE id = ?`, [project.auditPlanId]))!;
    const strata = JSON.parse(plan.strata) as { inclusionProbability: number }[];
    for (const l of audit) {
      expect(l.auditPlanId).toBe(plan.id);
      expect(l.inclusionProbability).toBe(strata[l.auditStratum!]!.inclusionProbability);
    }
    for (const l of active) expect(l).toMatchObject({ strategy: "edv-unc25", inclusionProbability: null, auditPlanId: null });
    expect(Math.max(...labels.map((l) => l.modelVersion))).toBeGreaterThanOrEqual(5);

    // The estimate's 95% intervals contain the true error counts of the live decisions.
    const stats = await projectStats(project, labeler.id);
    const live = await snapshot(project.scoreSlot);
    let fp = 0;
    let fn = 0;
    for (const [id, r] of live) {
      const y = truth.get(id)!;
      if (r.decision === 1 && y === 0) fp++;
      if (r.decision === 0 && y === 1) fn++;
    }
    expect(stats.estimates).not.toBeNull();
    const e = stats.estimates!;
    // The served prefix of the draw order: audit-stream labels plus prefix items the active stream labeled first.
    expect(e.auditLabels).toBeGreaterThanOrEqual(audit.length);
    expect(e.falsePositives.low).toBeLessThanOrEqual(fp);
    expect(e.falsePositives.high).toBeGreaterThanOrEqual(fp);
    expect(e.falseNegatives.low).toBeLessThanOrEqual(fn);
    expect(e.falseNegatives.high).toBeGreaterThanOrEqual(fn);
    expect(stats.model.version).toBe(retrains);

    // The live z column is the calibrated logit of q: the scale the SQL strategies and the threshold use.
    const cols = slotColumns(project.scoreSlot);
    const zq = await sql().all<{ q: number; z: number }>(`SELECT ${cols.q} AS q, ${cols.z} AS z FROM "Item" WHERE "projectId" = ?`, [projectId]);
    for (const r of zq) if (r.q > 1e-9 && r.q < 1 - 1e-9) expect(r.z).toBeCloseTo(Math.log(r.q / (1 - r.q)), 5);

    // The decisions export has q and the decision for every item.
    const text = await new Response(exportStream(project, "decisions", "jsonl")).text();
    const rows = text.trim().split("\n").map((l) => JSON.parse(l) as { q: number | null; decision: string | null });
    expect(rows).toHaveLength(2000);
    expect(rows.every((r) => typeof r.q === "number" && (r.decision === "spam" || r.decision === "ham"))).toBe(true);
  }, 600_000);
});
