import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, inject } from "vitest";

/**
 * Every test file gets its own copy of the migrated template database, named by DATABASE_URL before any server
 * module opens it: a copied SQLite file, or a PostgreSQL database created from the template.
 */
const template = inject("dbTemplate");
const cleanup: (() => Promise<void>)[] = [];

if (template.startsWith("pg:")) {
  const server = process.env.VERGE_TEST_PG!;
  const ppid = template.slice("pg:verge_tpl_".length);
  const name = `verge_t_${ppid}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template.slice(3)}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
} else {
  const file = path.join(path.dirname(template), `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
  fs.copyFileSync(template, file);
  process.env.DATABASE_URL = `file:${file}`;
  cleanup.push(async () => {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  });
}

afterAll(async () => {
  const { closeDb } = await import("../db/client");
  await closeDb();
  for (const c of cleanup) await c();
});
