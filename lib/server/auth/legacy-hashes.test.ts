import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./crypto";

const migrations = path.resolve(__dirname, "../../../prisma/migrations");
const NEW = "20261130130000_better_auth";

describe("migration to Better Auth (SQLite)", () => {
  it("moves existing password hashes into credential accounts that still verify, and drops old sessions", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "verge-mig-")), "old.db");
    const conn = new Database(file);
    const dirs = fs.readdirSync(migrations).filter((d) => /^\d+_/.test(d)).sort();
    for (const d of dirs.filter((d) => d < NEW)) conn.exec(fs.readFileSync(path.join(migrations, d, "migration.sql"), "utf8"));
    const hash = await hashPassword("an old user's password");
    conn.prepare(`INSERT INTO "User" (id, email, "passwordHash") VALUES ('u1', 'old@verge.test', ?)`).run(hash);
    conn.prepare(`INSERT INTO "User" (id, email) VALUES ('u2', 'nopw@verge.test')`).run();
    conn.prepare(`INSERT INTO "Session" (id, "userId", "expiresAt") VALUES ('s1', 'u1', '2099-01-01')`).run();

    conn.exec(fs.readFileSync(path.join(migrations, NEW, "migration.sql"), "utf8"));

    const accounts = conn.prepare(`SELECT "accountId", "providerId", "userId", password FROM "Account"`).all();
    expect(accounts).toEqual([{ accountId: "u1", providerId: "credential", userId: "u1", password: hash }]);
    expect(await verifyPassword("an old user's password", hash)).toBe(true);
    expect(conn.prepare(`SELECT count(*) AS n FROM "Session"`).get()).toEqual({ n: 0 });
    expect(conn.prepare(`SELECT email, "emailVerified" FROM "User" ORDER BY id`).all()).toEqual([
      { email: "old@verge.test", emailVerified: 0 },
      { email: "nopw@verge.test", emailVerified: 0 },
    ]);
    conn.close();
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
