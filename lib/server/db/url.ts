import path from "node:path";

/** The default embedded database: a SQLite file under ./data/. */
export const DEFAULT_DATABASE_URL = "file:./data/verge.db";

export type DatabaseKind = "sqlite" | "postgresql";

export function databaseKind(url: string | undefined = process.env.DATABASE_URL): DatabaseKind {
  if (url && /^postgres(ql)?:\/\//.test(url)) return "postgresql";
  return "sqlite";
}

/** Absolute path of the SQLite file named by a `file:` URL (relative paths resolve from the working directory). */
export function sqliteFileFromUrl(url: string | undefined = process.env.DATABASE_URL): string {
  const u = url && url.length > 0 ? url : DEFAULT_DATABASE_URL;
  if (!u.startsWith("file:")) throw new Error(`DATABASE_URL must be a file: URL for SQLite, got "${u}"`);
  const p = u.slice("file:".length).replace(/\?.*$/, "");
  return path.isAbsolute(p) ? p : path.resolve(/*turbopackIgnore: true*/ process.cwd(), p);
}
