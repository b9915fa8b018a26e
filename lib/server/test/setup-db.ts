import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";

/**
 * Every test file gets its own copy of the migrated template database, named by DATABASE_URL before any
 * server module opens it.
 */
const template = inject("dbTemplate");
const file = path.join(path.dirname(template), `test-${process.pid}-${Math.random().toString(36).slice(2)}.db`);
fs.copyFileSync(template, file);
process.env.DATABASE_URL = `file:${file}`;

afterAll(async () => {
  const { closeDb } = await import("../db/client");
  await closeDb();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
});
