import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createToken } from "@/lib/server/auth/users";
import { sql } from "@/lib/server/db/client";
import { makeProject, makeUser } from "@/lib/server/test/fixtures";
import { reliability } from "@/lib/sampling/calibration/reliability";
import type { ReliabilityView } from "@/lib/shared/types";
import { GET } from "./route";

describe("GET /projects/{id}/reliability", () => {
  it("gives the live model's and each version's reliability from audit labels only, weighted by 1/π", async () => {
    const owner = await makeUser(true);
    const token = (await createToken(owner.id, "t")).token;
    const project = await makeProject(owner, { threshold: 0.5 });
    await sql().run(`UPDATE "Project" SET "modelVersion" = 2 WHERE id = ?`, [project.id]);
    // label rows: [current q, q at label, version, y, stream, π]
    const rows: [number, number, number, 0 | 1 | null, string, number | null][] = [
      [0.12, 0.3, 1, 0, "audit", 0.1], [0.18, 0.35, 1, 1, "audit", 0.5], [0.55, 0.6, 1, 1, "random", 0.2],
      [0.91, 0.8, 2, 1, "audit", 0.05], [0.97, 0.9, 2, 0, "audit", 0.25], [0.42, 0.45, 2, 1, "audit", 1],
      [0.7, 0.7, 2, 0, "active", null], [0.3, 0.3, 2, 1, "audit", null], [0.6, 0.6, 2, null, "audit", 0.5],
    ];
    for (const [k, [q, qAt, v, y, stream, pi]] of rows.entries()) {
      await sql().run(`INSERT INTO "Item" ("projectId", "externalId", text, q, decision, rand, status) VALUES (?, ?, 't', ?, ?, 0.5, 'done')`, [project.id, `r${k}`, q, q >= 0.5 ? 1 : 0]);
      const item = await sql().get<{ id: number }>(`SELECT id FROM "Item" WHERE "projectId" = ? AND "externalId" = ?`, [project.id, `r${k}`]);
      await sql().run(
        `INSERT INTO "Label" (id, "projectId", "itemId", "userId", value, y, "requestId", stream, "inclusionProbability", "modelVersion", "qAtLabel") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [randomUUID(), project.id, item!.id, owner.id, y === null ? "skip" : y === 1 ? "spam" : "ham", y, randomUUID(), stream, pi, v, qAt],
      );
    }
    const res = await GET(new Request("http://verge.test/api", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id: project.id }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as ReliabilityView;
    const used = rows.slice(0, 6);
    expect(body.versions.map((v) => [v.version, v.source, v.labels])).toEqual([[2, "current", 6], [2, "at-label", 3], [1, "at-label", 3]]);
    expect(body.versions[0]).toMatchObject(reliability(used.map(([q, , , y, , pi]) => ({ q, y: y!, pi: pi! }))));
    expect(body.versions[2]).toMatchObject(reliability(used.filter((r) => r[2] === 1).map(([, qAt, , y, , pi]) => ({ q: qAt, y: y!, pi: pi! }))));
    // By hand for version 1: bin [0.3, 0.4) holds y 0 (π 0.1, w 10) and y 1 (π 0.5, w 2): rate 2/12.
    expect(body.versions[2]!.bins[0]).toMatchObject({ lo: 0.3, labels: 2 });
    expect(body.versions[2]!.bins[0]!.rate).toBeCloseTo(2 / 12, 12);
  });
});
