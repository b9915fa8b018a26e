/**
 * `npm run bench:api` — the HTTP API under load, against a production build on a fresh SQLite file:
 * a streamed 1M-row import (rows/s, server peak RSS), then 32 concurrent labelers on `next` and `labels`
 * (p50/p90/p99/max, req/s), and a check that no item was ever leased to two labelers at once.
 *
 *   npm run bench:api -- [--rows 1000000] [--duration 20] [--connections 32] [--build] [--worker on|off]
 *                        [--profile DIR] [--keep-db] [--out PREFIX] [--seed 1] [--repo DIR] [--note TEXT]
 *   npm run bench:api -- --render docs/benchmarks/api.json     (re-render the Markdown only)
 *
 * Writes docs/benchmarks/api.json and api.md (see docs/benchmarks/api-notes.md for the analysis).
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { generatorRate } from "./bench/api-corpus";
import { LeaseLedger, runPaced, runPhase, type Mode } from "./bench/api-load";
import { commitInfo, machine, printTable, renderRecord, targets, writeRecord, type BenchRecord, type PhaseRecord } from "./bench/api-report";
import { Api, setupProject, streamImport } from "./bench/api-setup";
import { CpuMeter, ROOT, RssSampler, ensureBuild, freePort, prepareDatabase, removeDb, startServer, treeMemory, type Server } from "./bench/api-server";

const flagsSchema = z.object({
  rows: z.coerce.number().int().min(1000).default(1_000_000),
  duration: z.coerce.number().int().min(1).max(600).default(20),
  connections: z.coerce.number().int().min(1).max(256).default(32),
  build: z.boolean().default(false),
  profile: z.string().optional(),
  "keep-db": z.boolean().default(false),
  out: z.string().default("docs/benchmarks/api"),
  seed: z.coerce.number().int().default(1),
  worker: z.enum(["on", "off"]).default("on"),
  /** Where to read the commit from when running in an exported copy of the tree (no .git). */
  repo: z.string().optional(),
  /** Free text for the record, e.g. how the build under test was made. */
  note: z.string().optional(),
  /** Only re-render the Markdown of an existing JSON record. */
  render: z.string().optional(),
});

const { values } = parseArgs({
  options: {
    rows: { type: "string" },
    duration: { type: "string" },
    connections: { type: "string" },
    build: { type: "boolean" },
    profile: { type: "string" },
    "keep-db": { type: "boolean" },
    out: { type: "string" },
    seed: { type: "string" },
    worker: { type: "string" },
    repo: { type: "string" },
    note: { type: "string" },
    render: { type: "string" },
  },
});
const flags = flagsSchema.parse(values);

const DB_PATH = path.join(ROOT, "data", "bench.db");
const ADMIN = { email: "bench-admin@bench.local", password: "bench-admin-password", token: `bench-admin-${Date.now()}-token` };
const LEASE_SECONDS = 600;
const WARMUP_SECONDS = 3;
/** Mean pause between a labeler's actions in the paced phase: a brisk human reads a snippet in about a second. */
const THINK_MS = 1000;
const log = (s: string) => console.log(`bench:api  ${s}`);

function dbFacts(): { sizeMB: number } {
  let size = 0;
  for (const f of [DB_PATH, `${DB_PATH}-wal`]) if (fs.existsSync(f)) size += fs.statSync(f).size;
  return { sizeMB: Math.round(size / 2 ** 20) };
}

function verifyDb(): BenchRecord["duplicates"]["db"] {
  const db = new Database(DB_PATH, { readonly: true, fileMustExist: true });
  try {
    const n = (q: string) => (db.prepare(q).get() as { n: number }).n;
    return {
      labels: n(`SELECT count(*) AS n FROM "Label"`),
      labelsAcked: 0,
      itemsWithSeveralLiveLabels: n(
        `SELECT count(*) AS n FROM (SELECT "itemId" FROM "Label" WHERE "deletedAt" IS NULL GROUP BY "itemId" HAVING count(*) > 1)`,
      ),
      itemsDone: n(`SELECT count(*) AS n FROM "Item" WHERE status = 'done'`),
      itemsLeasedNow: n(`SELECT count(*) AS n FROM "Item" WHERE "leasedBy" IS NOT NULL`),
    };
  } finally {
    db.close();
  }
}

async function main() {
  if (flags.render) return renderRecord(path.resolve(flags.render));
  if (!fs.existsSync(path.join(ROOT, "package.json")) || !fs.existsSync(path.join(ROOT, "prisma", "schema.prisma")))
    throw new Error("Run from the repository root (npm run bench:api).");
  const loadavgBefore = os.loadavg();
  log(`machine ${machine().cpu} ×${machine().cores}; load average ${loadavgBefore.map((x) => x.toFixed(2)).join(" ")}`);
  const builtNow = ensureBuild(flags.build);
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  const buildTime = fs.existsSync(buildId) ? fs.statSync(buildId).mtime.toISOString() : null;
  log(builtNow ? "built .next" : `using the existing build from ${buildTime}`);

  prepareDatabase(DB_PATH, ADMIN);
  log(`fresh database ${path.relative(ROOT, DB_PATH)}, migrated, admin seeded`);
  let server: Server | undefined;
  let sampler: RssSampler | undefined;
  try {
    server = await startServer(DB_PATH, await freePort(), {
      profileDir: flags.profile ? path.resolve(flags.profile) : undefined,
      env: flags.worker === "off" ? { VERGE_WORKER: "off" } : {},
    });
    sampler = new RssSampler(server.pid);
    const s = sampler;
    log(`next start on ${server.base}, pid ${server.pid} (tree ${s.pids().join(",")})`);

    const api = new Api(server.base, ADMIN.token);
    const { projectId, labelers } = await setupProject(api, flags.connections);
    log(`project ${projectId} with ${labelers.length} labelers`);

    const gen = await generatorRate(Math.min(flags.rows, 50_000));
    log(`generator alone: ${Math.round(gen.rowsPerSec).toLocaleString("en-US")} rows/s`);

    s.window();
    let cpu = new CpuMeter(server.pid, () => s.pids());
    const imp = await streamImport(api, projectId, flags.rows, (n, sec) =>
      log(`  imported ${n.toLocaleString("en-US")} rows in ${sec.toFixed(1)} s; server RSS ${Math.round(treeMemory(server!.pid).rssMB)} MB`),
    );
    const importCpu = cpu.read();
    const importMem = s.window();
    const rowsPerSec = Math.round(flags.rows / imp.seconds);
    log(`import: ${rowsPerSec.toLocaleString("en-US")} rows/s, peak RSS ${Math.round(importMem.peakRssMB)} MB, report ${JSON.stringify({ ...imp.report, errors: imp.report.errors.length })}`);
    const dbSize = dbFacts().sizeMB;
    const { received, inserted, updated, rejected } = imp.report;

    const ledger = new LeaseLedger();
    // Next.js loads a route's module on its first request: warm every route up so phases measure steady state.
    const warm = await runPhase({ base: server.base, projectId, labelers, mode: "mixed", seconds: WARMUP_SECONDS, ledger, seed: flags.seed * 10 + 9 });
    await runPhase({ base: server.base, projectId, labelers, mode: "floor", seconds: 1, ledger, seed: 0 });
    log(`warm-up: ${warm.totalRps} req/s over ${WARMUP_SECONDS} s (not reported)`);
    const phases: PhaseRecord[] = [];
    const plan: [string, Mode, number][] = [
      ["floor", "floor", Math.min(flags.duration, 10)],
      ["next", "next", flags.duration],
      ["labels", "labels", flags.duration],
      ["mixed", "mixed", flags.duration],
      ["paced", "paced", flags.duration],
    ];
    for (const [name, mode, seconds] of plan) {
      s.window();
      cpu = new CpuMeter(server.pid, () => s.pids());
      const seed = flags.seed * 10 + phases.length;
      const r =
        mode === "paced"
          ? await runPaced({ base: server.base, projectId, labelers, seconds, thinkMs: THINK_MS, ledger, seed })
          : await runPhase({ base: server.base, projectId, labelers, mode, seconds, ledger, seed });
      const c = cpu.read();
      const requests = Object.values(r.kinds).reduce((a, k) => a + k.count, 0);
      const cpuMsPerRequest = Math.round(((c.serverCores * c.seconds * 1000) / Math.max(1, requests)) * 100) / 100;
      const rec: PhaseRecord = {
        ...r,
        name,
        peakRssMB: Math.round(s.window().peakRssMB),
        cpu: { serverCores: c.serverCores, childCores: c.childCores, benchCores: c.benchCores, otherCores: c.otherCores, serverCpuPerUnit: cpuMsPerRequest },
      };
      phases.push(rec);
      const summary = Object.entries(r.kinds)
        .map(([k, v]) => `${k} n=${v.count} p50=${v.p50} p99=${v.p99} ms ${JSON.stringify(v.statuses)}`)
        .join("; ");
      log(`${name}: ${r.totalRps} req/s; ${summary}; server ${c.serverCores} cores (${cpuMsPerRequest} ms CPU/request), worker ${c.childCores}, other ${c.otherCores}`);
    }

    // Retrain under load: queue a retrain, wait for the worker to start it, then measure `next` while it runs.
    const retrain = await retrainUnderLoad(api, server.base, projectId, async () => {
      s.window();
      cpu = new CpuMeter(server!.pid, () => s.pids());
      const r = await runPhase({ base: server!.base, projectId, labelers, mode: "next", seconds: flags.duration, ledger, seed: flags.seed * 10 + 7 });
      const c = cpu.read();
      const requests = Object.values(r.kinds).reduce((a, k) => a + k.count, 0);
      const rec: PhaseRecord = {
        ...r,
        name: "next during retrain",
        peakRssMB: Math.round(s.window().peakRssMB),
        cpu: { serverCores: c.serverCores, childCores: c.childCores, benchCores: c.benchCores, otherCores: c.otherCores, serverCpuPerUnit: Math.round(((c.serverCores * c.seconds * 1000) / Math.max(1, requests)) * 100) / 100 },
      };
      phases.push(rec);
      return rec;
    });
    log(`retrain: ${JSON.stringify(retrain)}`);

    const db = { ...verifyDb(), labelsAcked: ledger.labelsAcked };
    const partial: Omit<BenchRecord, "targets"> = {
      benchmark: "api",
      date: new Date().toISOString(),
      ...commitInfo(flags.repo ?? ROOT),
      note: flags.note ?? null,
      build: { builtNow, buildTime },
      machine: machine(),
      options: {
        rows: flags.rows,
        durationSeconds: flags.duration,
        connections: flags.connections,
        leaseSeconds: LEASE_SECONDS,
        seed: flags.seed,
        worker: flags.worker,
        thinkMs: THINK_MS,
      },
      load: { loadavgBefore, loadavgAfter: os.loadavg() },
      import: {
        rows: flags.rows,
        seconds: Math.round(imp.seconds * 100) / 100,
        rowsPerSec,
        mbPerSec: Math.round((imp.bytes / 2 ** 20 / imp.seconds) * 10) / 10,
        bytes: imp.bytes,
        peakRssMB: Math.round(importMem.peakRssMB),
        serverHwmMB: Math.round(importMem.now.hwmMaxMB),
        dbSizeMB: dbSize,
        generatorRowsPerSec: Math.round(gen.rowsPerSec),
        cpu: {
          serverCores: importCpu.serverCores,
          childCores: importCpu.childCores,
          benchCores: importCpu.benchCores,
          otherCores: importCpu.otherCores,
          serverCpuPerUnit: Math.round(((importCpu.serverCores * importCpu.seconds * 1e6) / flags.rows) * 10) / 10,
        },
        response: { received, inserted, updated, rejected, firstErrors: imp.report.errors.slice(0, 5) },
      },
      phases,
      retrain,
      duplicates: { client: ledger.analyse(), db },
    };
    const record: BenchRecord = { ...partial, targets: targets(partial) };
    printTable(record);
    writeRecord(record, path.resolve(ROOT, flags.out));
    log(`wrote ${flags.out}.json and ${flags.out}.md`);
  } catch (e) {
    if (server) console.error(`--- server log (tail) ---\n${server.log.join("").slice(-4000)}`);
    throw e;
  } finally {
    sampler?.stop();
    if (server) {
      await server.stop();
      log("server stopped");
    }
    if (!flags["keep-db"]) {
      removeDb(DB_PATH);
      log("bench database removed");
    }
  }
}

interface RetrainJob {
  status: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  result: { seconds?: number; items?: number; labelsUsed?: number } | null;
}

/** Queues a retrain, runs `measure` while the worker is on it, and reports the job's own timing. */
async function retrainUnderLoad(api: Api, base: string, projectId: string, measure: () => Promise<PhaseRecord>) {
  const get = async (): Promise<RetrainJob | null> => {
    const r = await fetch(`${base}/api/v1/projects/${projectId}/retrain`, { headers: { authorization: `Bearer ${api.token}` } });
    return ((await r.json()) as { job: RetrainJob | null }).job;
  };
  // Let any retrain the labeling phases queued finish first, so the measured one starts from idle.
  for (let t = Date.now(); Date.now() - t < 600_000; ) {
    const j = await get();
    if (!j || j.status === "done" || j.status === "failed") break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const { jobId } = await api.post(`/api/v1/projects/${projectId}/retrain`, {}, z.object({ jobId: z.string() }));
  let job = await get();
  for (let t = Date.now(); job?.status !== "running" && Date.now() - t < 120_000; job = await get()) await new Promise((r) => setTimeout(r, 100));
  const overlapStart = Date.now();
  const phase = await measure();
  const overlapEnd = Date.now();
  for (let t = Date.now(); job && job.status !== "done" && job.status !== "failed" && Date.now() - t < 1_800_000; job = await get())
    await new Promise((r) => setTimeout(r, 1000));
  const finished = job?.finishedAt ? new Date(job.finishedAt).getTime() : null;
  return {
    jobId,
    status: job?.status ?? "missing",
    error: job?.error ?? null,
    seconds: job?.result?.seconds ?? null,
    items: job?.result?.items ?? null,
    labelsUsed: job?.result?.labelsUsed ?? null,
    /** Share of the measured phase during which the retrain was running. */
    overlap: finished === null ? null : Math.max(0, Math.min(1, (Math.min(finished, overlapEnd) - overlapStart) / (overlapEnd - overlapStart))),
    nextP99: phase.kinds.next?.p99 ?? null,
    nextP50: phase.kinds.next?.p50 ?? null,
  };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
