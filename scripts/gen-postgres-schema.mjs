#!/usr/bin/env node
// Writes prisma/postgres/schema.prisma from prisma/schema.prisma: same models, PostgreSQL provider, its own client.
// `--check` exits 1 when the committed file is stale (run by the tests).
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const src = fs.readFileSync(path.join(root, "prisma", "schema.prisma"), "utf8");
const out = path.join(root, "prisma", "postgres", "schema.prisma");

export function toPostgres(schema) {
  const next = schema
    .replace(/^\/\/ Verge data model\..*\n(\/\/.*\n)*/m, "// GENERATED from prisma/schema.prisma by scripts/gen-postgres-schema.mjs: edit that file, then run `npm run db:gen-postgres`.\n")
    .replace('output     = "../lib/server/db/generated/sqlite"', 'output     = "../../lib/server/db/generated/postgres"')
    .replace('provider = "sqlite"', 'provider = "postgresql"')
    .replace('url      = "file:./data/verge.db"', 'url      = env("DATABASE_URL")');
  if (next === schema || !next.includes('provider = "postgresql"')) throw new Error("prisma/schema.prisma no longer has the expected generator/datasource lines");
  return next;
}

const want = toPostgres(src);
if (process.argv.includes("--check")) {
  const have = fs.existsSync(out) ? fs.readFileSync(out, "utf8") : "";
  if (have !== want) {
    console.error("prisma/postgres/schema.prisma is stale: run `npm run db:gen-postgres`");
    process.exit(1);
  }
} else {
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, want);
  console.log(`wrote ${path.relative(root, out)}`);
}
