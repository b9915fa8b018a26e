/**
 * `npm run bench:desk` — latency of the threshold desk's endpoint (GET /thresholds, at 100 and 200 steps) and of the
 * overview's stats, as service calls on a fresh SQLite file holding a synthetic pool with an audit plan and its labels.
 *
 *   npm run bench:desk -- [--rows 1000000] [--labels 5000] [--repeat 20] [--out docs/benchmarks/desk]
 *
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
  })
  .parse(parseArgs({ options: { rows: { type: "string" }, labels: { type: "string" }, repeat: { type: "string" }, out: { type: "string" } } }).values);

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

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verge-bench-desk-"));
  const file = path.join(dir, "bench.db");
  process.env.DATABASE_URL = `file:${file}`;
  execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], { stdio: "pipe", env: process.env });
  const { createUser } = await import("../lib/server/auth/users");
  const { createProject, getProject } = await import("../lib/server/projects");
  const { thresholdEstimates } = await import("../lib/server/thresholds");
  const { projectStats } = await import("../lib/server/stats");
  const { closeDb } = await import("../lib/server/db/client");
  const owner = await createUser({ email: "bench@verge.local", password: "password123", isAdmin: true });
  const p = await createProject({ name: "bench", positiveLabel: "spam", negativeLabel: "ham", threshold: TAU, strategy: "margin" }, owner);
  await closeDb();
  let t = Date.now();
  seed(file, p.id, owner.id);
  log(`seeded ${flags.rows.toLocaleString()} items, ${flags.labels.toLocaleString()} audit labels in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const project = await getProject(p.id);
  const calls: [string, () => Promise<unknown>][] = [
    ["thresholds (100 steps, default)", () => thresholdEstimates(project, {})],
    ["thresholds (200 steps, the desk)", () => thresholdEstimates(project, { steps: 200 })],
    ["thresholds (1000 steps)", () => thresholdEstimates(project, { steps: 1000 })],
    ["stats", () => projectStats(project, owner.id)],
  ];
  const results = [];
  for (const [name, fn] of calls) {
    await fn();
    await fn(); // warm the page cache and statement cache
    const ms: number[] = [];
    for (let k = 0; k < flags.repeat; k++) {
      t = performance.now();
      await fn();
      ms.push(performance.now() - t);
    }
    const row = { call: name, n: ms.length, p50: Math.round(pct(ms, 50)), p95: Math.round(pct(ms, 95)), max: Math.round(Math.max(...ms)) };
    results.push(row);
    log(`${name.padEnd(34)} p50 ${String(row.p50).padStart(5)} ms   p95 ${String(row.p95).padStart(5)} ms   max ${String(row.max).padStart(5)} ms`);
  }
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
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
    `Service calls (no HTTP) on SQLite: ${flags.rows.toLocaleString()} items, ${flags.labels.toLocaleString()} audit labels in ${STRATA} strata, τ = ${TAU}; ${flags.repeat} timed calls each after 2 warm-up calls. Target: p95 ≤ 300 ms.`,
    "",
    "| call | p50 ms | p95 ms | max ms |",
    "|---|---:|---:|---:|",
    ...results.map((r) => `| ${r.call} | ${r.p50} | ${r.p95} | ${r.max} |`),
    "",
  ].join("\n");
  fs.writeFileSync(`${flags.out}.md`, md);
  log(`wrote ${flags.out}.json and ${flags.out}.md`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
