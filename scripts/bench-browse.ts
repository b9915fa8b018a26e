/**
 * `npm run bench:browse` — the item browser's query (lib/server/browse) on a synthetic pool, no HTTP: search,
 * filtered pages and page 1 vs page 1,000 (keyset pagination), p50/p95 over repeated runs.
 *
 *   npm run bench:browse -- [--rows 1000000] [--labels 20000] [--reps 20] [--out docs/benchmarks/browse] [--reuse FILE]
 *
 * `--reuse FILE` measures again on a SQLite file a previous run filled (kept in the temp directory it printed).
 *
 * SQLite by default (a temporary file); DATABASE_URL=postgresql://… benchmarks PostgreSQL instead (the database
 * must be empty: it is migrated here). Writes PREFIX.json and PREFIX.md with --out.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";
import { commitInfo, machine } from "./bench/api-report";

interface Case {
  name: string;
  query: Record<string, string>;
  /** Measure this page (1 = first); deeper pages are reached by walking cursors first. */
  page: number;
}

const CASES: Case[] = [
  { name: "default (priority desc), page 1", query: {}, page: 1 },
  { name: "default (priority desc), page 1,000", query: {}, page: 1000 },
  { name: "sort q asc, page 1", query: { sort: "q", order: "asc" }, page: 1 },
  { name: "sort q asc, page 1,000", query: { sort: "q", order: "asc" }, page: 1000 },
  { name: "sort last label desc, page 1", query: { sort: "lastLabel" }, page: 1 },
  { name: "search common word (refund), page 1", query: { search: "refund" }, page: 1 },
  { name: "search common word (refund), page 100", query: { search: "refund" }, page: 100 },
  { name: "search phrase (refund delivery)", query: { search: "refund delivery" }, page: 1 },
  { name: "search, no match (xyzzy)", query: { search: "xyzzy" }, page: 1 },
  { name: "filter q 0.85–0.95 + decision, sort q", query: { qMin: "0.85", qMax: "0.95", decision: "positive", sort: "q" }, page: 1 },
  { name: "filter near τ 0.02, sort |q − τ| asc", query: { nearTau: "0.02", sort: "distance", order: "asc" }, page: 1 },
  { name: "filter labeled, sort last label desc", query: { state: "labeled", sort: "lastLabel" }, page: 1 },
  { name: "filter disputed", query: { state: "disputed" }, page: 1 },
  { name: "filter labeler + audit stream", query: { labeler: "bench-labeler-3@bench.local", stream: "audit" }, page: 1 },
  { name: "search + score range + unlabeled", query: { search: "refund", scoreMin: "0.5", state: "unlabeled" }, page: 1 },
  { name: "sort |q − τ| asc, no filter (no index)", query: { sort: "distance", order: "asc" }, page: 1 },
];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rows: { type: "string", default: "1000000" }, labels: { type: "string", default: "20000" }, reps: { type: "string", default: "20" }, out: { type: "string" }, reuse: { type: "string" } },
  });
  const rows = Number(values.rows);
  const nLabels = Number(values.labels);
  const reps = Number(values.reps);
  const pg = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");
  if (!pg) process.env.DATABASE_URL = `file:${values.reuse ?? path.join(fs.mkdtempSync(path.join(os.tmpdir(), "verge-bench-browse-")), "bench.db")}`;
  console.log(`database ${process.env.DATABASE_URL}`);
  execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy", ...(pg ? ["--config", "prisma.postgres.config.ts"] : [])], { stdio: "pipe", env: process.env });

  const { createUser } = await import("../lib/server/auth/users");
  const { createProject, getProject } = await import("../lib/server/projects");
  const { importItems } = await import("../lib/server/import/import-items");
  const { sql, closeDb } = await import("../lib/server/db/client");
  const { sqlTime } = await import("../lib/server/db/sql");
  const { browseItems } = await import("../lib/server/browse/browse");
  const { browseQuerySchema } = await import("../lib/shared/browse");
  const { mulberry32 } = await import("../lib/sampling");
  const { ndjsonCorpus } = await import("./bench/api-corpus");

  async function fill(): Promise<{ projectId: string; importSeconds: number }> {
    const owner = await createUser({ email: "bench@bench.local", password: "bench-owner-passphrase", isAdmin: true });
    const users: Awaited<ReturnType<typeof createUser>>[] = [];
    for (let u = 0; u < 5; u++) users.push(await createUser({ email: `bench-labeler-${u}@bench.local`, password: "bench-labeler-passphrase" }));
    const p = await createProject({ name: "bench", positiveLabel: "unsafe", negativeLabel: "safe", threshold: 0.9, strategy: "margin" }, owner);
    let t = Date.now();
    await importItems(p.id, ndjsonCorpus({ rows, seed: 1 }), "ndjson");
    const importSeconds = (Date.now() - t) / 1000;
    console.log(`import ${rows} rows (with the search index): ${importSeconds.toFixed(1)} s`);

    // Labels written directly (the label service's per-label transaction is not what is measured here), then each
    // item's label columns recomputed the way settleItem does.
    t = Date.now();
    const rng = mulberry32(3);
    const ids = await sql().all<{ id: number }>(`SELECT id FROM "Item" WHERE "projectId" = ? ORDER BY id`, [p.id]);
    const base = Date.parse("2026-11-01T00:00:00.000Z");
    const streams = ["active", "active", "active", "audit", "random"];
    await sql().tx(async (tx) => {
      for (let k = 0; k < nLabels; k++) {
        const itemId = Number(ids[Math.floor(rng() * ids.length)]!.id);
        const user = users[k % users.length]!;
        const y = rng() < 0.3 ? 1 : rng() < 0.9 ? 0 : null;
        await tx.run(
          `INSERT INTO "Label" (id, "projectId", "itemId", "userId", value, y, "requestId", stream, "modelVersion", "createdAt")
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
          [`bench-${k}`, p.id, itemId, user.id, y === 1 ? "unsafe" : y === 0 ? "safe" : "skip", y, `bench-${k}`, streams[k % 5]!, k % 3, sqlTime(new Date(base + k * 1000))],
        );
      }
      await tx.run(
        `UPDATE "Item" SET "labelCount" = (SELECT count(*) FROM "Label" l WHERE l."itemId" = "Item".id AND l.y IS NOT NULL),
           disputed = EXISTS (SELECT 1 FROM "Label" a JOIN "Label" b ON a."itemId" = b."itemId" WHERE a."itemId" = "Item".id AND a.y = 1 AND b.y = 0),
           "lastLabelAt" = (SELECT max(l."createdAt") FROM "Label" l WHERE l."itemId" = "Item".id)
         WHERE id IN (SELECT "itemId" FROM "Label" WHERE "projectId" = ?)`,
        [p.id],
      );
    });
    console.log(`${nLabels} labels: ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await sql().run(`ANALYZE`);
    return { projectId: p.id, importSeconds };
  }

  let projectId: string;
  let importSeconds = NaN;
  if (values.reuse) {
    const { db } = await import("../lib/server/db/client");
    projectId = (await db().project.findFirstOrThrow({ where: { name: "bench" } })).id;
    // The pool was imported by the run that filled the file: keep that run's import time.
    if (values.out && fs.existsSync(`${values.out}.json`)) importSeconds = (JSON.parse(fs.readFileSync(`${values.out}.json`, "utf8")) as { importSeconds: number }).importSeconds;
  } else {
    const filled = await fill();
    projectId = filled.projectId;
    importSeconds = filled.importSeconds;
  }
  const project = await getProject(projectId);

  const results: { name: string; query: Record<string, string>; page: number; rows: number; p50ms: number; p95ms: number; maxms: number; reachedPage: number }[] = [];
  for (const c of CASES) {
    let cursor: string | undefined;
    let reached = 1;
    for (; reached < c.page; reached++) {
      const page = await browseItems(project, browseQuerySchema.parse({ ...c.query, ...(cursor ? { cursor } : {}) }));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    const f = browseQuerySchema.parse({ ...c.query, ...(cursor ? { cursor } : {}) });
    const times: number[] = [];
    let n = 0;
    for (let r = 0; r < reps + 2; r++) {
      const t0 = performance.now();
      n = (await browseItems(project, f)).items.length;
      if (r >= 2) times.push(performance.now() - t0); // two warm-up runs
    }
    const rec = { name: c.name, query: c.query, page: c.page, reachedPage: reached, rows: n, p50ms: +pct(times, 50).toFixed(2), p95ms: +pct(times, 95).toFixed(2), maxms: +Math.max(...times).toFixed(2) };
    results.push(rec);
    console.log(`${c.name.padEnd(48)} rows ${String(n).padStart(3)}  p50 ${rec.p50ms.toFixed(1).padStart(8)} ms  p95 ${rec.p95ms.toFixed(1).padStart(8)} ms${reached < c.page ? `  (only ${reached} pages)` : ""}`);
  }
  await closeDb();

  const record = {
    date: new Date().toISOString(),
    database: pg ? "postgresql" : "sqlite",
    ...commitInfo(process.cwd()),
    machine: machine(),
    loadAverage: os.loadavg(),
    options: { rows, labels: nLabels, reps, limit: 50 },
    importSeconds,
    reusedDatabase: Boolean(values.reuse),
    results,
  };
  if (values.out) {
    fs.writeFileSync(`${values.out}.json`, JSON.stringify(record, null, 2) + "\n");
    const md = [
      `# Item browser benchmark (${record.database})`,
      "",
      `Generated by \`npm run bench:browse\` (scripts/bench-browse.ts) on ${record.date}, commit \`${record.commit}\`${record.dirtyPaths.length ? " plus uncommitted changes" : ""}.`,
      `Machine: ${record.machine.cpu}, ${record.machine.cores} cores, ${record.machine.ramGB} GB RAM, Node ${record.machine.node}, ${record.machine.os}; load average at the end ${record.loadAverage.map((x) => x.toFixed(2)).join(" ")}.`,
      "The machine was shared with other jobs while this ran: the figures are indicative, not a controlled measurement.",
      "",
      `Pool: ${rows.toLocaleString("en")} generated snippets (~200 characters of English-like text, scores skewed like a classifier's), ${nLabels.toLocaleString("en")} labels by 5 labelers; 50 items per page; ${reps} timed runs per case after 2 warm-up runs; the service call (SQL + mapping), no HTTP.`,
      `Import of the pool with the search index and triggers: ${importSeconds.toFixed(1)} s.`,
      "",
      "| case | rows | p50 ms | p95 ms | max ms |",
      "|---|---|---|---|---|",
      ...results.map((r) => `| ${r.name} | ${r.rows} | ${r.p50ms} | ${r.p95ms} | ${r.maxms} |`),
      "",
    ].join("\n");
    fs.writeFileSync(`${values.out}.md`, md);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
