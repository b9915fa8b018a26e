import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";

/**
 * The 20261130120000_harden migration on a database that already holds work: every settled item gets its class
 * (finalY) from its live labels, every labeled or leased item is recorded as served to that user, and project
 * admins keep the right to create projects.
 */
const HARDEN = "20261130120000_harden";

function migrationsBefore(dir: string, name: string): string[] {
  return fs.readdirSync(dir).filter((d) => /^\d{14}_/.test(d) && d < name).sort().map((d) => fs.readFileSync(path.join(dir, d, "migration.sql"), "utf8"));
}

const SEED = `
INSERT INTO "User"(id, email) VALUES ('u1', 'a@x.test'), ('u2', 'b@x.test'), ('u3', 'c@x.test');
INSERT INTO "Project"(id, name, "positiveLabel", "negativeLabel", threshold, strategy, "updatedAt")
  VALUES ('p', 'P', 'spam', 'ham', 0.5, 'margin', CURRENT_TIMESTAMP);
INSERT INTO "Member"("projectId", "userId", role) VALUES ('p', 'u2', 'admin'), ('p', 'u3', 'labeler');
INSERT INTO "Item"(id, "projectId", "externalId", text, rand, "finalLabel", "leasedBy") VALUES
  (1, 'p', 'a', 't', 0.1, 'spam', NULL), (2, 'p', 'b', 't', 0.2, 'ham', 'u3'), (3, 'p', 'c', 't', 0.3, NULL, 'u1'),
  (4, 'p', 'd', 't', 0.4, NULL, 'gone');
INSERT INTO "Label"(id, "projectId", "itemId", "userId", value, y, "requestId", stream) VALUES
  ('l1', 'p', 1, 'u3', 'spam', 1, 'r1', 'active'), ('l2', 'p', 2, 'u3', 'ham', 0, 'r2', 'active');`;

const expectBackfill = (items: unknown, serves: unknown, creators: unknown) => {
  expect(items).toEqual([{ id: 1, finalY: 1 }, { id: 2, finalY: 0 }, { id: 3, finalY: null }, { id: 4, finalY: null }]);
  expect(serves).toEqual([{ itemId: 1, userId: "u3" }, { itemId: 2, userId: "u3" }, { itemId: 3, userId: "u1" }]);
  expect(creators).toEqual([{ userId: "u2" }]);
};

describe(`${HARDEN} migration`, () => {
  it("backfills finalY, Serve and ProjectCreator on SQLite", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verge-mig-"));
    const db = new Database(path.join(dir, "m.db"));
    try {
      for (const sql of migrationsBefore("prisma/migrations", HARDEN)) db.exec(sql);
      db.exec(SEED);
      db.exec(fs.readFileSync(`prisma/migrations/${HARDEN}/migration.sql`, "utf8"));
      expectBackfill(
        db.prepare(`SELECT id, "finalY" FROM "Item" ORDER BY id`).all(),
        db.prepare(`SELECT "itemId", "userId" FROM "Serve" ORDER BY "itemId"`).all(),
        db.prepare(`SELECT "userId" FROM "ProjectCreator"`).all(),
      );
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!process.env.VERGE_TEST_PG)("backfills finalY, Serve and ProjectCreator on PostgreSQL", async () => {
    const name = `verge_mig_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.VERGE_TEST_PG });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(process.env.VERGE_TEST_PG!);
    url.pathname = `/${name}`;
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      for (const sql of migrationsBefore("prisma/postgres/migrations", HARDEN)) await c.query(sql);
      await c.query(SEED);
      await c.query(fs.readFileSync(`prisma/postgres/migrations/${HARDEN}/migration.sql`, "utf8"));
      expectBackfill(
        (await c.query(`SELECT id, "finalY" FROM "Item" ORDER BY id`)).rows,
        (await c.query(`SELECT "itemId", "userId" FROM "Serve" ORDER BY "itemId"`)).rows,
        (await c.query(`SELECT "userId" FROM "ProjectCreator"`)).rows,
      );
    } finally {
      await c.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
