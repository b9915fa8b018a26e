import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { sqliteFileFromUrl } from "./lib/server/db/url";

// Prisma runs its WebAssembly engines (no native binary downloads): see docs/decisions/prisma-wasm-engines.md.
export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  adapter: async () => {
    const file = sqliteFileFromUrl(process.env.DATABASE_URL);
    // A fresh clone has no ./data/ yet; SQLite creates the file but not its folder.
    fs.mkdirSync(path.dirname(file), { recursive: true });
    return new PrismaBetterSQLite3({ url: file });
  },
});
