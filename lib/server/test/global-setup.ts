import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

/**
 * Migrates one template database per test run with the committed migrations (prisma migrate deploy): a SQLite
 * file, or, when VERGE_TEST_PG names a PostgreSQL server (postgresql://user@host:port/db), a template database
 * there. Each test file then works on its own copy (setup-db.ts).
 */
export default async function setup(project: TestProject) {
  const prisma = path.resolve("node_modules/.bin/prisma");
  const pgUrl = process.env.VERGE_TEST_PG;
  if (pgUrl) {
    const name = `verge_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(pgUrl);
    url.pathname = `/${name}`;
    execFileSync(prisma, ["migrate", "deploy", "--config", "prisma.postgres.config.ts"], { env: { ...process.env, DATABASE_URL: url.toString() }, stdio: "pipe" });
    project.provide("dbTemplate", `pg:${name}`);
    // Not held open while tests run: lib/server/db/pg-restart.test.ts stops the server, which would kill it.
    await admin.end();
    return async () => {
      const admin = new pg.Client({ connectionString: pgUrl });
      await admin.connect();
      const dbs = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'verge_t_${process.pid}_%' OR datname = $1`, [name]);
      for (const d of dbs.rows) await admin.query(`DROP DATABASE IF EXISTS ${d.datname} WITH (FORCE)`);
      await admin.end();
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verge-test-"));
  const template = path.join(dir, "template.db");
  execFileSync(prisma, ["migrate", "deploy"], { env: { ...process.env, DATABASE_URL: `file:${template}` }, stdio: "pipe" });
  project.provide("dbTemplate", template);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: string;
  }
}
