#!/usr/bin/env node
// Applies the committed migrations to the database DATABASE_URL names: SQLite (default) or PostgreSQL.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const pg = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
const args = ["migrate", "deploy", ...(pg ? ["--config", "prisma.postgres.config.ts"] : [])];
const r = spawnSync(path.join(root, "node_modules", ".bin", "prisma"), args, { stdio: "inherit", cwd: root });
process.exit(r.status ?? 1);
