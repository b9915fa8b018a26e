import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "../db/client";
import { importItems } from "../import/import-items";
import { createLabel, undoLabel } from "../labels";
import { getProject } from "../projects";
import { bytes, makeProject, makeUser, ndjson } from "../test/fixtures";
import type { UserView } from "../auth/users";
import { ConflictError } from "../errors";
import { leaseItems, releaseLeases, renewLeases, servedView } from "./lease";

let owner: UserView;
beforeAll(async () => {
  owner = await makeUser(true);
});

async function pool(n: number, over = {}) {
  const p = await makeProject(owner, over);
  const rows = Array.from({ length: n }, (_, i) => ({ id: `i${i}`, text: `t${i}`, score: (i + 0.5) / n, meta: { source: `s${i}` } }));
  await importItems(p.id, bytes(ndjson(rows), 4096), "ndjson");
  return getProject(p.id);
}

const at = (t0: Date, seconds: number) => new Date(t0.getTime() + seconds * 1000);
const ids = (xs: { itemId: number }[]) => xs.map((x) => x.itemId).sort((a, b) => a - b);

async function storedExpiry(itemIds: number[]): Promise<string[]> {
  const rows = await sql().all<{ e: string | Date }>(
    `SELECT "leaseExpiresAt" AS e FROM "Item" WHERE id IN (${itemIds.map(() => "?").join(",")})`,
    itemIds,
  );
  return rows.map((r) => new Date(r.e).toISOString());
}

describe("lease renewal", () => {
  it("asking `next` again renews the caller's leases: the reported expiry is stored and nobody else gets the items", async () => {
    const project = await pool(6, { leaseSeconds: 10, labelsPerItem: 1 });
    const a = await makeUser();
    const b = await makeUser();
    const t0 = new Date("2031-01-01T00:00:00Z");
    const first = await leaseItems(project, a.id, 3, t0);
    const again = await leaseItems(project, a.id, 3, at(t0, 6));
    expect(ids(again)).toEqual(ids(first));
    expect(again.every((i) => i.leaseExpiresAt === at(t0, 16).toISOString())).toBe(true);
    expect(await storedExpiry(ids(first))).toEqual(Array(3).fill(at(t0, 16).toISOString()));
    // At 11 s A still holds its items: B is served the other three only.
    const forB = await leaseItems(project, b.id, 6, at(t0, 11));
    expect(ids(forB).filter((i) => ids(first).includes(i))).toEqual([]);
    expect(forB).toHaveLength(3);
  });

  it("renewLeases keeps held items, reports lost ones, and never takes an item back from another labeler", async () => {
    const project = await pool(4, { leaseSeconds: 10 });
    const a = await makeUser();
    const b = await makeUser();
    const t0 = new Date("2031-02-01T00:00:00Z");
    const mine = ids(await leaseItems(project, a.id, 2, t0));
    const r1 = await renewLeases(project, a.id, mine, null, at(t0, 6));
    expect(r1).toEqual({ held: mine, lost: [], leaseExpiresAt: at(t0, 16).toISOString() });
    expect(await storedExpiry(mine)).toEqual(Array(2).fill(at(t0, 16).toISOString()));
    expect(ids(await leaseItems(project, b.id, 4, at(t0, 11)))).toHaveLength(2); // only the two free ones

    // A's heartbeat stops; at 17 s the lease has lapsed and B takes A's items.
    const forB = ids(await leaseItems(project, b.id, 4, at(t0, 17)));
    expect(forB).toEqual(expect.arrayContaining(mine));
    const r2 = await renewLeases(project, a.id, mine, null, at(t0, 18));
    expect(r2.held).toEqual([]);
    expect(r2.lost).toEqual(mine);
    const leasedTo = await sql().all<{ leasedBy: string }>(`SELECT "leasedBy" FROM "Item" WHERE id IN (?, ?)`, mine);
    expect(leasedTo.map((r) => r.leasedBy)).toEqual([b.id, b.id]);
  });

  it("a lapsed lease nobody took is renewed; a labeled or released item is lost", async () => {
    const project = await pool(3, { leaseSeconds: 10 });
    const a = await makeUser();
    const t0 = new Date("2031-03-01T00:00:00Z");
    const [x, y, z] = ids(await leaseItems(project, a.id, 3, t0));
    await createLabel(project, a.id, { itemId: y!, value: "spam", requestId: "renew-label-1" }, at(t0, 1));
    await releaseLeases(project.id, a.id, [z!]);
    const r = await renewLeases(project, a.id, [x!, y!, z!], null, at(t0, 30));
    expect(r).toEqual({ held: [x], lost: [y, z], leaseExpiresAt: at(t0, 40).toISOString() });
  });
});

describe("labeling sessions (browser tabs)", () => {
  it("two sessions of one labeler hold distinct items, each gets back only its own, and closing one keeps the other's", async () => {
    const project = await pool(10);
    const a = await makeUser();
    const t0 = new Date("2031-04-01T00:00:00Z");
    const tab1 = await leaseItems(project, a.id, 4, t0, Math.random, "tab-one-session");
    const tab2 = await leaseItems(project, a.id, 4, t0, Math.random, "tab-two-session");
    expect(new Set([...ids(tab1), ...ids(tab2)]).size).toBe(8);
    expect(ids(await leaseItems(project, a.id, 4, at(t0, 1), Math.random, "tab-one-session"))).toEqual(ids(tab1));
    // Tab 2 cannot renew (steal) tab 1's live leases.
    expect((await renewLeases(project, a.id, ids(tab1), "tab-two-session", at(t0, 2))).held).toEqual([]);
    expect(await releaseLeases(project.id, a.id, undefined, "tab-one-session")).toBe(4);
    expect((await renewLeases(project, a.id, ids(tab2), "tab-two-session", at(t0, 3))).held).toEqual(ids(tab2));
  });

  it("the same answer from a second tab is the stored label (a duplicate), a different one is a 409", async () => {
    const project = await pool(2);
    const a = await makeUser();
    const [x] = await leaseItems(project, a.id, 1, new Date(), Math.random, "tab-one-session");
    const first = await createLabel(project, a.id, { itemId: x!.itemId, value: "spam", requestId: "tab1-req-0001" });
    const second = await createLabel(project, a.id, { itemId: x!.itemId, value: "spam", requestId: "tab2-req-0001" });
    expect(second).toMatchObject({ labelId: first.labelId, duplicate: true, value: "spam" });
    await expect(createLabel(project, a.id, { itemId: x!.itemId, value: "ham", requestId: "tab2-req-0002" })).rejects.toBeInstanceOf(ConflictError);
    const n = await sql().get<{ n: number }>(`SELECT count(*) AS n FROM "Label" WHERE "itemId" = ?`, [x!.itemId]);
    expect(Number(n?.n)).toBe(1);
  });
});

describe("servedView", () => {
  it("hides the stream from labelers, and the metadata unless the project shows it", async () => {
    const project = await pool(2, { auditFraction: 0 });
    const items = await leaseItems(project, owner.id, 1);
    expect(items[0]).toMatchObject({ stream: expect.any(String), meta: { source: expect.any(String) } });
    const asLabeler = servedView(items, { showMeta: false }, "labeler");
    expect(asLabeler[0]).not.toHaveProperty("stream");
    expect(asLabeler[0]!.meta).toBeNull();
    expect(servedView(items, { showMeta: true }, "labeler")[0]!.meta).toEqual(items[0]!.meta);
    expect(servedView(items, { showMeta: false }, "researcher")[0]).toEqual(items[0]);
  });
});

describe("undo and sessions", () => {
  it("an undone label's item is renewed by the tab that undid it, whatever session labeled it", async () => {
    const project = await pool(3);
    const a = await makeUser();
    const [x] = await leaseItems(project, a.id, 1, new Date(), Math.random, "old-tab-session");
    const label = await createLabel(project, a.id, { itemId: x!.itemId, value: "spam", requestId: "undo-tab-req-1" });
    await undoLabel(project, a.id, label.labelId);
    expect((await renewLeases(project, a.id, [x!.itemId], "new-tab-session")).held).toEqual([x!.itemId]);
    // Now it belongs to the new tab: the old one can no longer renew it.
    expect((await renewLeases(project, a.id, [x!.itemId], "old-tab-session")).lost).toEqual([x!.itemId]);
  });
});
