import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../db/client";
import { exportStream } from "../export/export";
import { createLabel } from "../labels";
import { getProject } from "../projects";
import { leaseItems } from "../queue/lease";
import { bytes, makeProject, makeUser, ndjson } from "../test/fixtures";
import type { UserView } from "../auth/users";
import { importItems } from "./import-items";

let owner: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
});

describe("labels stay tied to the text that was judged", () => {
  it("reports labeled ids whose text changed, versions the text and flags the item in both exports", async () => {
    const p = await makeProject(owner, { labelsPerItem: 1 });
    await importItems(p.id, bytes(ndjson([{ id: "t1", text: "original" }, { id: "t2", text: "unlabeled" }, { id: "t3", text: "same" }])), "ndjson");
    const project = await getProject(p.id);
    const leased = await leaseItems(project, owner.id, 3);
    const byId = new Map(leased.map((l) => [l.id, l]));
    await createLabel(project, owner.id, { itemId: byId.get("t1")!.itemId, value: "spam", requestId: "tv-req-1" });
    await createLabel(project, owner.id, { itemId: byId.get("t3")!.itemId, value: "ham", requestId: "tv-req-3" });

    const r = await importItems(
      p.id,
      bytes(ndjson([{ id: "t1", text: "edited" }, { id: "t2", text: "also edited" }, { id: "t3", text: "same" }])),
      "ndjson",
    );
    expect(r).toMatchObject({ received: 3, updated: 3, textChanged: { count: 1, ids: ["t1"] } });

    const items = await sql().all<{ externalId: string; textVersion: number; textChangedAt: unknown }>(
      `SELECT "externalId", "textVersion", "textChangedAt" FROM "Item" WHERE "projectId" = ? ORDER BY "externalId"`,
      [p.id],
    );
    expect(items.map((i) => [i.externalId, i.textVersion, i.textChangedAt !== null])).toEqual([
      ["t1", 2, true],
      ["t2", 2, false],
      ["t3", 1, false],
    ]);

    const decisions = parse(await new Response(exportStream(project, "decisions", "csv")).text(), { columns: true }) as Record<string, string>[];
    expect(decisions.map((d) => [d.id, d.textVersion, d.needsReview])).toEqual(
      expect.arrayContaining([["t1", "2", "true"], ["t2", "2", "false"], ["t3", "1", "false"]]),
    );
    const labels = (await new Response(exportStream(project, "labels", "jsonl")).text()).trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(labels.find((l) => l.id === "t1")).toMatchObject({ textVersion: 1, itemTextVersion: 2 });
    expect(labels.find((l) => l.id === "t3")).toMatchObject({ textVersion: 1, itemTextVersion: 1 });

    // A label given after the change judges the new version.
    await createLabel(project, owner.id, { itemId: byId.get("t2")!.itemId, value: "spam", requestId: "tv-req-2" });
    const l2 = await sql().get<{ textVersion: number }>(`SELECT "textVersion" FROM "Label" WHERE "requestId" = ?`, ["tv-req-2"]);
    expect(l2?.textVersion).toBe(2);
  });
});
