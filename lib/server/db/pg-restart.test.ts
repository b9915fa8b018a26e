import { execSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { importItems } from "../import/import-items";
import { createLabel } from "../labels";
import { getProject } from "../projects";
import { leaseItems } from "../queue/lease";
import { bytes, makeProject, makeUser, ndjson } from "../test/fixtures";
import { sql } from "./client";

/**
 * PostgreSQL stopped and started again while labelers work. It stops the whole server, so it runs alone:
 * `npm test` runs it as its own stage when VERGE_TEST_PG_CTL gives the command that controls the test cluster
 * (`pg_ctl -D DIR -o "-p PORT -k DIR" -w -l LOG`, as .ci/run sets it), with VERGE_TEST_PG_RESTART=1.
 */
const ctl = process.env.VERGE_TEST_PG_CTL;
const enabled = !!ctl && process.env.VERGE_TEST_PG_RESTART === "1" && (process.env.DATABASE_URL ?? "").startsWith("postgres");

/** Retries like the labeling page does after a network or server error, for at most `attempts` tries. */
async function retry<T>(fn: () => Promise<T>, attempts = 200): Promise<T> {
  for (let k = 1; ; k++) {
    try {
      return await fn();
    } catch (e) {
      if (k >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe.skipIf(!enabled)("PostgreSQL restart during labeling", () => {
  it("loses nothing acknowledged; clients recover once the server is back", async () => {
    const owner = await makeUser(true);
    const p = await makeProject(owner);
    await importItems(p.id, bytes(ndjson(Array.from({ length: 30 }, (_, i) => ({ id: `r${i}`, text: `t${i}`, score: 0.5 }))), 4096), "ndjson");
    const project = await getProject(p.id);
    const items = await leaseItems(project, owner.id, 10);
    const acknowledged: string[] = [];
    for (const it of items.slice(0, 3)) acknowledged.push((await createLabel(project, owner.id, { itemId: it.itemId, value: "spam", requestId: `ack-${it.itemId}` })).labelId);

    execSync(`${ctl} stop -m fast`, { stdio: "pipe" });
    try {
      // The server is down: a label fails (the client keeps it and retries), it is not acknowledged.
      await expect(createLabel(project, owner.id, { itemId: items[3]!.itemId, value: "ham", requestId: `down-${items[3]!.itemId}` })).rejects.toThrow();
    } finally {
      execSync(`${ctl} start`, { stdio: "pipe" });
    }
    // The same request, retried, is stored once; later labels and leases work on fresh connections.
    const retried = await retry(() => createLabel(project, owner.id, { itemId: items[3]!.itemId, value: "ham", requestId: `down-${items[3]!.itemId}` }));
    acknowledged.push(retried.labelId);
    for (const it of items.slice(4, 8)) acknowledged.push((await retry(() => createLabel(project, owner.id, { itemId: it.itemId, value: "spam", requestId: `after-${it.itemId}` }))).labelId);
    expect((await retry(() => leaseItems(project, owner.id, 2))).length).toBe(2);

    const stored = await sql().all<{ id: string }>(`SELECT id FROM "Label" WHERE "projectId" = ? AND "deletedAt" IS NULL`, [p.id]);
    expect(stored.map((r) => r.id).sort()).toEqual([...acknowledged].sort());
  });
});
