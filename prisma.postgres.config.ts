import path from "node:path";
import { defineConfig } from "prisma/config";
import { migrationAdapter } from "./lib/server/db/pg-migrate-adapter";

// PostgreSQL: `prisma migrate deploy --config prisma.postgres.config.ts` with DATABASE_URL=postgresql://…
// `prisma generate` needs no server, but the schema's datasource reads DATABASE_URL: give it a placeholder then.
const PLACEHOLDER = "postgresql://localhost:5432/verge";
if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) process.env.DATABASE_URL = PLACEHOLDER;

export default defineConfig({
  schema: path.join("prisma", "postgres", "schema.prisma"),
  migrations: { path: path.join("prisma", "postgres", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => migrationAdapter(process.env.DATABASE_URL ?? PLACEHOLDER),
});
