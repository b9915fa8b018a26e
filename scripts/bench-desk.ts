/**
 * `npm run bench:desk` — latency of the threshold desk's endpoint (GET /thresholds, at 100, 200 and 1000 steps) and
 * of the overview's stats, as service calls on an SQLite file holding a synthetic pool with an audit plan and its
 * labels. Each call is timed cold (the per-process pool cache emptied first: the first call after a write, which
 * scans the pool) and warm (the pool aggregates cached, labels still read live).
 *
 *   npm run bench:desk -- [--rows 1000000] [--labels 5000] [--repeat 20] [--out docs/benchmarks/desk] [--db FILE]
 *
 * With --db the seeded database is kept in FILE and reused by later runs with the same --rows and --labels (seeding
 * 1M items takes minutes); without it a temporary file is seeded and removed.
 * Prints p50/p95/max per call and writes PREFIX.json and PREFIX.md (machine, commit, date).
 */
import Database from "better-sqlite3";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { commitInfo, machine } from "./bench/api-report";

const flags = z
  .object({
    rows: z.coerce.number().int().min(1000).default(1_000_000),
    labels: z.coerce.number().int().min(0).default(5000),
    repeat: z.coerce.number().int().min(3).max(1000).default(20),
    out: z.string().default("docs/benchmarks/desk"),
    db: z.string().optional(),
  })
  .parse(parseArgs({ options: { rows: { type: "string" }, labels: { type: "string" }, repeat: { type: "string" }, out: { type: "string" }, db: { type: "string" } } }).values);

const TAU = 0.9;
const STRATA = 16;
const log = (s: string) => console.log(`bench:desk  ${s}`);

/** The seeded pool: q skewed towards 0 (most items clearly negative), strata of equal size by q, labels ~ Bernoulli(q). */
function seed(file: string, projectId: string, userId: string): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  let s = 12345;
  const rnd = () => ((s = (s * 16807) % 2147483647) / 2147483647);
  const N = flags.rows;
  const q = Float64Array.from({ length: N }, () => rnd() ** 2.5);
  const order = Array.from({ length: N }, (_, i) => i).sort((a, b) => q[a]! - q[b]!);
  const stratum = new Int32Array(N);
  const size = Math.ceil(N / STRATA);
  order.forEach((i, k) => (stratum[i] = Math.floor(k / size)));
  const perStratum = Math.floor(flags.labels / STRATA);
  const rank = new Int32Array(N).fill(-1);
  let r = 0;
  for (let h = 0; h < STRATA; h++) {
    const members = order.slice(h * size, (h + 1) * size);
    for (let k = 0; k < perStratum && members.length > 0; k++) rank[members[Math.floor(rnd() * members.length)]!] = r++;
  }
  const planId = randomUUID();
  const strata = Array.from({ length: STRATA }, (_, h) => {
    const n = Math.min(size, N - h * size);
    return { index: h, lo: 0, hi: 1, size: n, draws: perStratum, inclusionProbability: perStratum / n, decidedPositive: 0, meanErrorProbability: 0 };
  });
  const now = new Date().toISOString().replace("Z", "+00:00");
  db.prepare(`INSERT INTO "AuditPlan" (id, "projectId", tau, "poolSize", budget, "modelVersion", strata, served) VALUES (?, ?, ?, ?, ?, 0, ?, ?)`).run(planId, projectId, TAU, N, r, JSON.stringify(strata), r);
  const item = db.prepare(
    `INSERT INTO "Item" ("projectId", "externalId", text, score, q, decision, rand, status, "finalLabel", "finalY", "auditPlanId", "auditStratum", "auditRank", "auditQ", "labelCount")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const label = db.prepare(
    `INSERT INTO "Label" (id, "projectId", "itemId", "userId", value, y, "requestId", stream, "inclusionProbability", "auditPlanId", "auditStratum", "modelVersion", "qAtLabel", "createdAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, 'audit', ?, ?, ?, 0, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const drawn = rank[i]! >= 0;
      const y = rnd() < q[i]! ? 1 : 0;
      const res = item.run(projectId, `b${i}`, `snippet ${i}`, q[i]!, q[i]!, q[i]! >= TAU ? 1 : 0, rnd(), drawn ? "done" : "queued", drawn ? (y ? "spam" : "ham") : null, drawn ? y : null,
        planId, stratum[i]!, drawn ? rank[i]! : null, q[i]!, drawn ? 1 : 0);
      if (drawn) label.run(randomUUID(), projectId, res.lastInsertRowid, userId, y ? "spam" : "ham", y, randomUUID(), strata[stratum[i]!]!.inclusionProbability, planId, stratum[i]!, q[i]!, now);
    }
  })();
  db.prepare(`UPDATE "Project" SET "auditPlanId" = ?, "hasScores" = 1 WHERE id = ?`).run(planId, projectId);
  db.close();
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

/** The bench project in a kept database, if it was seeded with the same rows and labels (its name records them). */
function seededProject(file: string): { projectId: string; userId: string } | null {
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { readonly: true });
  try {
    const p = db.prepare(`SELECT id FROM "Project" WHERE name = ?`).get(benchName()) as { id: string } | undefined;
    const u = db.prepare(`SELECT id FROM "User" WHERE email = 'bench@verge.local'`).get() as { id: string } | undefined;
    return p && u ? { projectId: p.id, userId: u.id } : null;
  } finally {
    db.close();
  }
}

const benchName = () => `bench ${flags.rows} items ${flags.labels} labels`;

async function timed(fn: () => Promise<unknown>, before: () => void): Promise<number[]> {
  const ms: number[] = [];
  for (let k = 0; k < flags.repeat; k++) {
    before();
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return ms;
}

async function main(): Promise<void> {
  const keep = flags.db ? path.resolve(flags.db) : null;
  const dir = keep ? path.dirname(keep) : fs.mkdtempSync(path.join(os.tmpdir(), "verge-bench-desk-"));
  const file = keep ?? path.join(dir, "bench.db");
  let seeded = keep ? seededProject(keep) : null;
  if (keep && !seeded) fs.rmSync(keep, { force: true });
  process.env.DATABASE_URL = `file:${file}`;
  execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], { stdio: "pipe", env: process.env });
  const { createUser } = await import("../lib/server/auth/users");
  const { createProject, getProject } = await import("../lib/server/projects");
  const { thresholdEstimates } = await import("../lib/server/thresholds");
  const { projectStats } = await import("../lib/server/stats");
  const { clearPoolCache } = await import("../lib/server/pool-version");
  const { closeDb } = await import("../lib/server/db/client");
  if (!seeded) {
    const owner = await createUser({ email: "bench@verge.local", password: "bench desk password 2026", isAdmin: true });
    const p = await createProject({ name: benchName(), positiveLabel: "spam", negativeLabel: "ham", threshold: TAU, strategy: "margin" }, owner);
    await closeDb();
    const t = Date.now();
    seed(file, p.id, owner.id);
    log(`seeded ${flags.rows.toLocaleString()} items, ${flags.labels.toLocaleString()} audit labels in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    seeded = { projectId: p.id, userId: owner.id };
  } else log(`reusing ${file}`);
  const project = await getProject(seeded.projectId);
  const userId = seeded.userId;
  const calls: [string, () => Promise<unknown>][] = [
    ["thresholds (100 steps, default)", () => thresholdEstimates(project, {})],
    ["thresholds (200 steps, the desk)", () => thresholdEstimates(project, { steps: 200 })],
    ["thresholds (1000 steps)", () => thresholdEstimates(project, { steps: 1000 })],
    ["stats", () => projectStats(project, userId)],
  ];
  const results = [];
  const stat = (ms: number[]) => ({ n: ms.length, p50: Math.round(pct(ms, 50)), p95: Math.round(pct(ms, 95)), max: Math.round(Math.max(...ms)) });
  for (const [name, fn] of calls) {
    await fn(); // warm the page cache and statement cache
    // Cold: the pool cache emptied before each call, as for the first call after a write (one scan of the pool).
    const cold = stat(await timed(fn, clearPoolCache));
    // Warm: the pool aggregates cached for this pool version; labels and the estimator still run per call.
    const warm = stat(await timed(fn, () => {}));
    const row = { call: name, cold, warm };
    results.push(row);
    const f = (x: { p50: number; p95: number; max: number }) => `p50 ${String(x.p50).padStart(5)}  p95 ${String(x.p95).padStart(5)}  max ${String(x.max).padStart(5)} ms`;
    log(`${name.padEnd(34)} cold ${f(cold)}   warm ${f(warm)}`);
  }
  await closeDb();
  if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  const record = {
    date: new Date().toISOString(),
    ...commitInfo(process.cwd()),
    machine: machine(),
    loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100),
    setup: { rows: flags.rows, auditLabels: flags.labels, strata: STRATA, tau: TAU, repeat: flags.repeat, database: "SQLite (better-sqlite3, WAL)" },
    targetMs: 300,
    results,
  };
  fs.writeFileSync(`${flags.out}.json`, JSON.stringify(record, null, 2) + "\n");
  const md = [
    "# Threshold desk latency (`npm run bench:desk`)",
    "",
    `${record.date.slice(0, 10)}, commit ${record.commit}${record.dirtyPaths.length ? " (with uncommitted changes)" : ""}, ${record.machine.cpu} ×${record.machine.cores}, ${record.machine.ramGB} GB, Node ${record.machine.node}; load average at the end ${record.loadavg.join(" ")}.`,
    `Service calls (no HTTP) on SQLite: ${flags.rows.toLocaleString()} items, ${flags.labels.toLocaleString()} audit labels in ${STRATA} strata, τ = ${TAU}; ${flags.repeat} timed calls each, cold (pool cache emptied before each call) then warm, after 1 warm-up call. Target: p95 ≤ 300 ms.`,
    "",
    "| call | cold p50 ms | cold p95 ms | cold max ms | warm p50 ms | warm p95 ms | warm max ms |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...results.map((r) => `| ${r.call} | ${r.cold.p50} | ${r.cold.p95} | ${r.cold.max} | ${r.warm.p50} | ${r.warm.p95} | ${r.warm.max} |`),
    "",
  ].join("\n");
  fs.writeFileSync(`${flags.out}.md`, md);
  log(`wrote ${flags.out}.json and ${flags.out}.md`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
