import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createToken } from "@/lib/server/auth/users";
import { sql } from "@/lib/server/db/client";
import { sqlTime } from "@/lib/server/db/sql";
import { makeProject, makeUser } from "@/lib/server/test/fixtures";
import { cohenKappa, krippendorffAlphaFromValues } from "@/lib/sampling/agreement";
import type { LabelersView } from "@/lib/shared/types";
import { GET } from "./route";

describe("GET /projects/{id}/labelers", () => {
  it("counts labels, skips and pace per labeler, κ per pair and α overall, without skips or undone labels", async () => {
    const [ann, bob, cid] = [await makeUser(true), await makeUser(), await makeUser()];
    const token = (await createToken(ann.id, "t")).token;
    const project = await makeProject(ann);
    // Timestamps as the labels service writes them (sqlTime). Per item: Ann, Bob, Cid's labels (1 spam, 0 ham, "s" skip, "-" none, "x" an undone label).
    const grid = [
      [1, 1, 1], [1, 0, "-"], [0, 0, 0], [0, 1, 1], [1, 1, "s"], [0, 0, 1], [1, "-", 0], ["s", 1, 1], [0, 0, "x"], [1, "-", "-"],
    ] as const;
    const users = [ann, bob, cid];
    for (const [k, row] of grid.entries()) {
      await sql().run(`INSERT INTO "Item" ("projectId", "externalId", text, q, rand) VALUES (?, ?, 't', 0.5, 0.5)`, [project.id, `l${k}`]);
      const item = (await sql().get<{ id: number }>(`SELECT id FROM "Item" WHERE "projectId" = ? AND "externalId" = ?`, [project.id, `l${k}`]))!;
      for (const [u, v] of row.entries()) {
        if (v === "-") continue;
        const y = v === "s" ? null : v === "x" ? 1 : v;
        await sql().run(
          `INSERT INTO "Label" (id, "projectId", "itemId", "userId", value, y, "requestId", stream, "deletedAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)`,
          [randomUUID(), project.id, item.id, users[u]!.id, y === null ? "skip" : y === 1 ? "spam" : "ham", y, randomUUID(), v === "x" ? sqlTime(new Date()) : null, sqlTime(new Date())],
        );
      }
    }
    const res = await GET(new Request("http://verge.test/api", { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id: project.id }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as LabelersView;
    const live = (u: number) => grid.map((r) => r[u]).filter((v) => v !== "-" && v !== "x");
    expect(body.labelers.map((l) => [l.email, l.labels, l.skips, l.lastHour, l.perHour]).sort()).toEqual(
      [0, 1, 2].map((u) => [users[u]!.email, live(u).length, live(u).filter((v) => v === "s").length, live(u).length, live(u).length * 60]).sort(),
    );
    // κ by hand: the 2×2 table of each pair on items both labeled (not skipped, not undone).
    const table = (u: number, v: number) => {
      const t = [[0, 0], [0, 0]];
      for (const r of grid) if (typeof r[u] === "number" && typeof r[v] === "number") t[1 - (r[u] as number)]![1 - (r[v] as number)]!++;
      return t;
    };
    const byPair = new Map(body.pairs.map((p) => [[p.a, p.b].sort().join(" "), p]));
    for (const [u, v] of [[0, 1], [0, 2], [1, 2]] as const) {
      const p = byPair.get([users[u]!.email, users[v]!.email].sort().join(" "))!;
      const t = table(u, v);
      expect(p.items).toBe(t.flat().reduce((s, x) => s + x, 0));
      expect(p.kappa).toBeCloseTo(cohenKappa(t)!, 12);
    }
    // Ann and Bob: both labeled items 0, 1, 2, 3, 4, 5, 8 → [[2, 1], [1, 3]] (spam first): κ = 0.4167.
    expect(table(0, 1)).toEqual([[2, 1], [1, 3]]);
    const units = grid.map((r) => r.filter((v): v is 0 | 1 => v === 0 || v === 1));
    expect(body.alpha.items).toBe(units.filter((u) => u.length >= 2).length);
    expect(body.alpha.value).toBeCloseTo(krippendorffAlphaFromValues(units)!, 12);
  });
});
