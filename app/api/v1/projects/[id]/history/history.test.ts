import { describe, expect, it } from "vitest";
import { mulberry32 } from "@/lib/sampling";
import { createToken } from "@/lib/server/auth/users";
import { sql } from "@/lib/server/db/client";
import { importItems } from "@/lib/server/import/import-items";
import { retrainProject } from "@/lib/server/jobs/retrain";
import { bytes, makeProject, makeUser, ndjson } from "@/lib/server/test/fixtures";
import type { HistoryView } from "@/lib/shared/types";
import { GET } from "./route";

describe("GET /projects/{id}/history", () => {
  it("records the audit estimate at τ of each model version at its retrain", async () => {
    const owner = await makeUser(true);
    const token = (await createToken(owner.id, "t")).token;
    const p = await makeProject(owner, { threshold: 0.6, retrainEvery: 100_000 });
    const r = mulberry32(3);
    const pool = Array.from({ length: 400 }, (_, i) => ({ id: `h${i}`, text: `item ${i} ${r() < 0.5 ? "offer" : "hello"}`, score: Number(r().toFixed(4)) }));
    await importItems(p.id, bytes(ndjson(pool), 65536), "ndjson", undefined, mulberry32(4));
    const noop = async () => {};
    await retrainProject(p.id, noop);
    // 60 audit draws served and labeled (spam when the score is above 0.5), then a second retrain.
    await sql().run(`UPDATE "AuditPlan" SET served = 60 WHERE "projectId" = ?`, [p.id]);
    await sql().run(`UPDATE "Item" SET status = 'done', "finalLabel" = CASE WHEN score >= 0.5 THEN 'spam' ELSE 'ham' END, "finalY" = CASE WHEN score >= 0.5 THEN 1 ELSE 0 END WHERE "projectId" = ? AND "auditRank" < 60`, [p.id]);
    await retrainProject(p.id, noop);
    const stored = await sql().get<{ estimate: string }>(`SELECT estimate FROM "AuditPlan" WHERE "projectId" = ?`, [p.id]);

    const res = await GET(new Request("http://verge.test/api", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id: p.id }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as HistoryView;
    expect(body.versions.map((v) => [v.version, v.estimate?.labeled, v.estimate?.tau])).toEqual([[1, 0, 0.6], [2, 60, 0.6]]);
    const latest = JSON.parse(stored!.estimate) as Record<string, unknown>;
    expect(body.versions[1]!.estimate).toMatchObject({ falsePositives: latest.falsePositives, falseNegatives: latest.falseNegatives, cost: latest.cost, errorRate: latest.errorRate });
    expect(body.versions[0]!.estimate!.falsePositives).not.toEqual(body.versions[1]!.estimate!.falsePositives);
  });
});
