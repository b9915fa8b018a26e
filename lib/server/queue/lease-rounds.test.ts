import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../db/client";
import { importItems } from "../import/import-items";
import { createLabel } from "../labels";
import { getProject, updateProject } from "../projects";
import { runOneJob } from "../jobs/worker";
import { bytes, makeProject, makeUser, ndjson } from "../test/fixtures";
import type { UserView } from "../auth/users";
import { leaseItems } from "./lease";
import { inclusionProbabilities } from "@/lib/sampling/active-estimate";
import { mulberry32 } from "@/lib/model/rng";

let owner: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
});

async function pool(n: number, over = {}) {
  const p = await makeProject(owner, { threshold: 0.3, strategy: "margin", retrainEvery: 20, randomShare: 0.5, ...over });
  const scores = Array.from({ length: n }, (_, i) => (i + 0.5) / n);
  await importItems(p.id, bytes(ndjson(scores.map((s, i) => ({ id: `i${i}`, text: `t${i}`, score: s }))), 4096), "ndjson");
  return getProject(p.id);
}

interface LabelRow {
  itemId: number;
  stream: string;
  strategy: string | null;
  inclusionProbability: number | null;
  round: number | null;
  roundQ: number | null;
  modelVersion: number | null;
}

const labelRows = (projectId: string) =>
  sql().all<LabelRow>(
    `SELECT "itemId", stream, strategy, "inclusionProbability", round, "roundQ", "modelVersion" FROM "Label" WHERE "projectId" = ? ORDER BY "createdAt", id`,
    [projectId],
  );

describe("queue rounds: certainty units plus a randomized draw with recorded π", () => {
  it("serves the strategy's best as certainty units (π = 1) and draws the rest with the design's π, recorded on every label", async () => {
    const project = await pool(200);
    expect(project.randomShare).toBe(0.5);
    const items = await sql().all<{ id: number; q: number; priority: number }>(`SELECT id, q, priority FROM "Item" WHERE "projectId" = ?`, [project.id]);
    // The plan the test expects: 10 certainty units (round(0.5 · 20)) by priority, π over the other 190 for 10 expected draws.
    const order = [...items].sort((a, b) => b.priority - a.priority || a.id - b.id);
    const certain = new Set(order.slice(0, 10).map((r) => r.id));
    const rest = order.slice(10);
    const pi = inclusionProbabilities({ q: rest.map((r) => r.q), tau: 0.3, expectedSize: 10 });
    const expectedPi = new Map(rest.map((r, k) => [r.id, pi[k]!]));

    const labeler = await makeUser();
    const served = await leaseItems(project, labeler.id, 20, new Date(), mulberry32(7));
    const round = await sql().get<{ eligible: number; certain: number; drawn: number; expectedSize: number; modelVersion: number }>(
      `SELECT eligible, certain, drawn, "expectedSize", "modelVersion" FROM "EstRound" WHERE "projectId" = ? AND round = 1`,
      [project.id],
    );
    expect(round).toMatchObject({ eligible: 190, certain: 10, expectedSize: 10, modelVersion: project.modelVersion });
    expect(served).toHaveLength(20); // round 1 whole, then round 2 when round 1 drew fewer than 10
    for (const it of served) await createLabel(project, labeler.id, { itemId: it.itemId, value: "ham", requestId: `r-${it.itemId}` });
    const all = await labelRows(project.id);
    expect(all).toHaveLength(20);
    for (const l of all) expect(l.inclusionProbability! > 0 && l.inclusionProbability! <= 1 && l.round! >= 1).toBe(true);
    const labels = all.filter((l) => l.round === 1);
    expect(labels).toHaveLength(Math.min(20, 10 + round!.drawn));
    for (const l of labels) {
      expect(l.round).toBe(1);
      expect(l.strategy).toBe("margin");
      expect(l.modelVersion).toBe(project.modelVersion);
      expect(l.roundQ).toBe(items.find((r) => r.id === l.itemId)!.q);
      if (certain.has(l.itemId)) expect(l).toMatchObject({ stream: "active", inclusionProbability: 1 });
      else {
        expect(l.stream).toBe("audit");
        expect(l.inclusionProbability).toBeCloseTo(expectedPi.get(l.itemId)!, 12);
        expect(l.inclusionProbability!).toBeGreaterThan(0);
        expect(l.inclusionProbability!).toBeLessThan(1);
      }
    }
    expect(labels.filter((l) => l.stream === "active")).toHaveLength(10);
  });

  it("repeating the draw with the same seed gives the same items: π is the probability the draw used", async () => {
    const a = await pool(150);
    const b = await pool(150);
    const la = await leaseItems(a, owner.id, 10, new Date(), mulberry32(11));
    const lb = await leaseItems(b, owner.id, 10, new Date(), mulberry32(11));
    expect(la.map((i) => i.id)).toEqual(lb.map((i) => i.id));
    const rows = await sql().all<{ id: number; roundPi: number; q: number; priority: number }>(
      `SELECT id, "roundPi", q, priority FROM "Item" WHERE "projectId" = ? AND "roundPi" < 1 AND "roundNo" = 1`,
      [a.id],
    );
    const all = await sql().all<{ id: number; q: number; priority: number }>(`SELECT id, q, priority FROM "Item" WHERE "projectId" = ?`, [a.id]);
    const rest = [...all].sort((x, y) => y.priority - x.priority || x.id - y.id).slice(10);
    const pi = inclusionProbabilities({ q: rest.map((r) => r.q), tau: 0.3, expectedSize: 10 });
    for (const r of rows) expect(r.roundPi).toBeCloseTo(pi[rest.findIndex((x) => x.id === r.id)]!, 12);
  });

  it("a settings change or a retrain ends the round; a skipped draw stays in its round for the next labeler", async () => {
    const project = await pool(120);
    const [u1, u2] = [await makeUser(), await makeUser()];
    const first = await leaseItems(project, u1.id, 3, new Date(), mulberry32(1));
    expect(await sql().get<{ n: number }>(`SELECT count(*) AS n FROM "EstRound" WHERE "projectId" = ?`, [project.id])).toEqual({ n: 1 });
    await createLabel(project, u1.id, { itemId: first[0]!.itemId, value: "skip", requestId: "skip-1" });
    const skipped = first[0]!.itemId;
    await sql().run(`UPDATE "Item" SET "leasedBy" = NULL, "leaseExpiresAt" = NULL WHERE "projectId" = ? AND "leasedBy" = ?`, [project.id, u1.id]);
    const again = await leaseItems(project, u2.id, 40, new Date(), mulberry32(2));
    expect(again.map((i) => i.itemId)).toContain(skipped);
    const changed = await getProject((await updateProject(project.id, { threshold: 0.6 }, "admin")).id);
    while (await runOneJob()) {
      /* the re-ranking the threshold change queued */
    }
    await leaseItems(changed, u1.id, 1, new Date(), mulberry32(3));
    const rounds = await sql().all<{ round: number; tau: number }>(`SELECT round, tau FROM "EstRound" WHERE "projectId" = ? ORDER BY round`, [project.id]);
    expect(rounds.at(-1)!.tau).toBe(0.6);
  });

  it("concurrent callers at a round boundary get disjoint items and plan each round once", async () => {
    const project = await pool(300);
    const users = await Promise.all(Array.from({ length: 12 }, () => makeUser()));
    const results = await Promise.all(users.map((u, k) => leaseItems(project, u.id, 5, new Date(), mulberry32(100 + k))));
    const ids = results.flat().map((i) => i.itemId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(60);
    const rounds = await sql().all<{ round: number }>(`SELECT round FROM "EstRound" WHERE "projectId" = ? ORDER BY round`, [project.id]);
    expect(rounds.map((r) => r.round)).toEqual(rounds.map((_, k) => k + 1));
    const planned = await sql().get<{ n: number }>(`SELECT count(DISTINCT "roundNo") AS n FROM "Item" WHERE "projectId" = ? AND "leasedBy" IS NOT NULL`, [project.id]);
    expect(planned!.n).toBeLessThanOrEqual(rounds.length);
  });
});
