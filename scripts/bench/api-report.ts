/** The API benchmark's record: machine, commit, figures beside their targets, as a table, JSON and Markdown. */
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kind, LatencyStats, PhaseResult } from "./api-load";
import type { ImportReport } from "./api-setup";

export interface Machine {
  cpu: string;
  cores: number;
  ramGB: number;
  node: string;
  os: string;
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    ramGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
  };
}

const sh = (cmd: string, cwd: string) => {
  try {
    // Only trailing whitespace: porcelain status lines start with a significant space.
    return execSync(cmd, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trimEnd();
  } catch {
    return "";
  }
};

/** The commit, and which server-side paths differ from it (others edit the tree while benchmarks run). */
export function commitInfo(repo: string): { commit: string; dirtyPaths: string[] } {
  const dirty = sh("git status --porcelain -- app lib prisma next.config.js package.json", repo)
    .split("\n")
    .filter(Boolean)
    .map((l) => l.slice(3));
  return { commit: sh("git rev-parse --short HEAD", repo) || "unknown", dirtyPaths: dirty };
}

export interface CpuUse {
  /** The `next start` process. */
  serverCores: number;
  /** Its child processes (the embedded training worker). */
  childCores: number;
  benchCores: number;
  otherCores: number;
  /** Server CPU time per request (per row for the import, in µs): a cost that other load on the machine barely moves. */
  serverCpuPerUnit: number;
}

export interface PhaseRecord extends PhaseResult {
  name: string;
  peakRssMB: number;
  cpu: CpuUse;
}

export interface Target {
  name: string;
  target: string;
  value: number;
  unit: string;
  met: boolean;
}

export interface BenchRecord {
  benchmark: "api";
  date: string;
  commit: string;
  dirtyPaths: string[];
  note: string | null;
  build: { builtNow: boolean; buildTime: string | null };
  machine: Machine;
  options: { rows: number; durationSeconds: number; connections: number; leaseSeconds: number; seed: number; worker: "on" | "off"; thinkMs: number };
  load: { loadavgBefore: number[]; loadavgAfter: number[] };
  import: {
    rows: number;
    seconds: number;
    rowsPerSec: number;
    mbPerSec: number;
    bytes: number;
    peakRssMB: number;
    serverHwmMB: number;
    dbSizeMB: number;
    generatorRowsPerSec: number;
    cpu: CpuUse;
    response: Omit<ImportReport, "errors"> & { firstErrors: ImportReport["errors"] };
  };
  phases: PhaseRecord[];
  /** A retrain of the whole pool while 32 labelers call `next` (absent in records made before it existed). */
  retrain?: {
    jobId: string;
    status: string;
    error: string | null;
    seconds: number | null;
    items: number | null;
    labelsUsed: number | null;
    overlap: number | null;
    nextP99: number | null;
    nextP50: number | null;
  };
  duplicates: {
    client: { itemsServed: number; sharedItems: number; overlapping: number; examples: number[] };
    db: { labels: number; labelsAcked: number; itemsWithSeveralLiveLabels: number; itemsDone: number; itemsLeasedNow: number };
  };
  targets: Target[];
}

export function targets(r: Omit<BenchRecord, "targets">): Target[] {
  const kind = (phase: string, k: Kind): LatencyStats | undefined => r.phases.find((p) => p.name === phase)?.kinds[k];
  const out: Target[] = [
    { name: "import throughput", target: "≥ 50,000 rows/s", value: r.import.rowsPerSec, unit: "rows/s", met: r.import.rowsPerSec >= 50_000 },
    { name: "import peak RSS (server tree)", target: "< 500 MB", value: r.import.peakRssMB, unit: "MB", met: r.import.peakRssMB < 500 },
  ];
  const lat: [string, string, Kind][] = [
    ["next p99 (next phase, count 1)", "next", "next"],
    ["labels p99 (labels phase)", "labels", "label"],
    ["next p99 (mixed loop)", "mixed", "next"],
    ["labels p99 (mixed loop)", "mixed", "label"],
    ["next p99 (paced: labelers at human pace)", "paced", "next"],
    ["labels p99 (paced: labelers at human pace)", "paced", "label"],
  ];
  for (const [name, phase, k] of lat) {
    const s = kind(phase, k);
    if (s) out.push({ name, target: `≤ 25 ms at ${r.options.connections} clients`, value: s.p99, unit: "ms", met: s.p99 <= 25 });
  }
  if (r.retrain) {
    const limit = r.import.rows >= 1_000_000 ? 90 : r.import.rows >= 100_000 ? 10 : null;
    if (limit !== null && r.retrain.seconds !== null)
      out.push({ name: `retrain + rescore + re-rank, ${r.import.rows.toLocaleString("en-US")} items`, target: `≤ ${limit} s`, value: r.retrain.seconds, unit: "s", met: r.retrain.seconds <= limit });
    if (r.retrain.nextP99 !== null)
      out.push({ name: "next p99 while a retrain runs", target: `≤ 50 ms at ${r.options.connections} clients`, value: r.retrain.nextP99, unit: "ms", met: r.retrain.nextP99 <= 50 });
  }
  const dup = r.duplicates.client.overlapping + r.duplicates.db.itemsWithSeveralLiveLabels;
  out.push({ name: "duplicate leases (client overlap + DB items with 2 labels)", target: "= 0", value: dup, unit: "", met: dup === 0 });
  return out;
}

const fmt = (x: number, digits = 1) => (Number.isFinite(x) ? x.toLocaleString("en-US", { maximumFractionDigits: digits }) : "–");

function latencyRows(r: BenchRecord): string[][] {
  const rows: string[][] = [];
  for (const p of r.phases)
    for (const [k, s] of Object.entries(p.kinds) as [Kind, LatencyStats][]) {
      const ok = Object.entries(s.statuses)
        .map(([code, n]) => `${code}×${n}`)
        .join(" ");
      rows.push([p.name, k, fmt(s.count, 0), fmt(s.rps), fmt(s.p50, 2), fmt(s.p90, 2), fmt(s.p99, 2), fmt(s.max, 2), ok]);
    }
  return rows;
}

function cpuRows(r: BenchRecord): string[][] {
  const c = (x: CpuUse) => [String(x.serverCores), String(x.childCores), String(x.benchCores), String(x.otherCores)];
  return [
    ["import", ...c(r.import.cpu), `${fmt(r.import.cpu.serverCpuPerUnit, 1)} µs/row`, fmt(r.import.peakRssMB, 0)],
    ...r.phases.map((p) => [p.name, ...c(p.cpu), `${fmt(p.cpu.serverCpuPerUnit, 2)} ms`, fmt(p.peakRssMB, 0)]),
  ];
}

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i]!)).join("  ");
  return [line(head), line(w.map((n) => "-".repeat(n))), ...rows.map(line)].join("\n");
}

function mdTable(head: string[], rows: string[][]): string {
  return [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)].join("\n");
}

const LAT_HEAD = ["phase", "request", "count", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "statuses"];
const CPU_HEAD = ["phase", "server cores", "worker cores", "bench cores", "other cores", "server CPU / request", "peak RSS MB (tree)"];

export function printTable(r: BenchRecord): void {
  console.log(
    `\nimport: ${fmt(r.import.rows, 0)} rows in ${fmt(r.import.seconds, 2)} s = ${fmt(r.import.rowsPerSec, 0)} rows/s ` +
      `(${fmt(r.import.mbPerSec)} MB/s), peak RSS ${fmt(r.import.peakRssMB, 0)} MB`,
  );
  console.log(`\n${table(LAT_HEAD, latencyRows(r))}\n`);
  console.log(`${table(CPU_HEAD, cpuRows(r))}\n`);
  console.log(table(["target", "goal", "measured", "met"], r.targets.map((t) => [t.name, t.target, `${fmt(t.value, 2)} ${t.unit}`, t.met ? "met" : "MISSED"])));
}

/** Rewrites the Markdown of a stored record (after a change to the presentation, without re-running). */
export function renderRecord(jsonPath: string): void {
  const r = JSON.parse(fs.readFileSync(jsonPath, "utf8")) as BenchRecord;
  fs.writeFileSync(jsonPath.replace(/\.json$/, ".md"), markdown(r));
}

export function writeRecord(r: BenchRecord, outPrefix: string): void {
  fs.mkdirSync(path.dirname(outPrefix), { recursive: true });
  fs.writeFileSync(`${outPrefix}.json`, JSON.stringify(r, null, 2) + "\n");
  fs.writeFileSync(`${outPrefix}.md`, markdown(r));
}

function markdown(r: BenchRecord): string {
  const m = r.machine;
  const busy = Math.max(...r.phases.map((p) => p.cpu.otherCores), r.import.cpu.otherCores);
  const worker = Math.max(...r.phases.map((p) => p.cpu.childCores), r.import.cpu.childCores);
  return `# API benchmark

Generated by \`npm run bench:api\` (scripts/bench-api.ts) on ${r.date}. Analysis and proposals: [api-notes.md](api-notes.md).

- Commit \`${r.commit}\`${r.dirtyPaths.length ? ` plus uncommitted changes in ${r.dirtyPaths.map((p) => `\`${p}\``).join(", ")}` : ""}; build ${r.build.builtNow ? "made for this run" : `from ${r.build.buildTime ?? "?"}`}.
${r.note ? `- ${r.note}\n` : ""}- Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGB} GB RAM, Node ${m.node}, ${m.os}.
- Options: ${fmt(r.options.rows, 0)} rows, ${r.options.durationSeconds} s per phase, ${r.options.connections} concurrent clients (one labeler user and token each), lease ${r.options.leaseSeconds} s, seed ${r.options.seed}, embedded training worker ${r.options.worker}.
- Load average before/after: ${r.load.loadavgBefore.map((x) => x.toFixed(2)).join(" ")} / ${r.load.loadavgAfter.map((x) => x.toFixed(2)).join(" ")}. ${
    busy >= 0.3
      ? `**Other work on the machine used up to ${busy} cores during a phase** (see "CPU" below): figures are pessimistic.`
      : "Other processes used under 0.3 cores in every phase."
  }
- The load generator (autocannon) runs on the same ${m.cores} cores as the server.${
    worker >= 0.05 ? ` The embedded training worker (retrains as labels arrive) used up to ${worker} cores in a phase.` : ""
  }

## Targets

${mdTable(["target", "goal", "measured", ""], r.targets.map((t) => [t.name, t.target, `${fmt(t.value, 2)} ${t.unit}`.trim(), t.met ? "met" : "**missed**"]))}

## Import

${fmt(r.import.rows, 0)} generated snippets (~${Math.round(r.import.bytes / r.import.rows)} bytes of NDJSON each, ${fmt(r.import.bytes / 2 ** 20, 0)} MB) streamed as one
chunked request body: **${fmt(r.import.rowsPerSec, 0)} rows/s** (${fmt(r.import.seconds, 2)} s, ${fmt(r.import.mbPerSec)} MB/s). The generator alone
makes ${fmt(r.import.generatorRowsPerSec, 0)} rows/s. Server tree peak RSS during the import (sampled every 200 ms): **${fmt(r.import.peakRssMB, 0)} MB**
(largest VmHWM of one process since start: ${fmt(r.import.serverHwmMB, 0)} MB). Database file after import: ${fmt(r.import.dbSizeMB, 0)} MB.
Response: received ${fmt(r.import.response.received, 0)}, inserted ${fmt(r.import.response.inserted, 0)}, updated ${fmt(r.import.response.updated, 0)}, rejected ${fmt(r.import.response.rejected, 0)}.

## Latency (${r.options.connections} concurrent clients)

- \`floor\`: unauthenticated \`GET /api/v1/me\` (a 401 from a route handler): what any request costs in Next.js here; the baseline.
- \`next\`: \`POST …/next {count: 1}\` in a loop; after the first call each labeler gets its own unexpired lease back.
- \`labels\`: \`POST …/labels\` for leased items, one \`next {count: 20}\` (\`refill\`) whenever a labeler's batch runs out.
- \`mixed\`: the labeling loop, \`next {count: 1}\` then \`labels\` for that item.
- \`paced\`: the same loop at a human pace: each labeler pauses a random time (exponential, mean ${r.options.thinkMs} ms)
  after every answer, so the ${r.options.connections} clients are concurrent but not saturating; this is the latency a labeler sees.

${mdTable(LAT_HEAD, latencyRows(r))}

In the closed-loop phases (all but \`paced\`) each client sends its next request the moment an answer arrives, so
the mean latency is about ${r.options.connections} / throughput (Little's law): p99 ≤ 25 ms there needs well over
${fmt(r.options.connections / 0.025, 0)} req/s, i.e. under ${fmt(25 / r.options.connections, 2)} ms of server time per request.

## CPU and memory per phase

Average cores busy (the \`next start\` process, its children — the embedded training worker —, this benchmark process
incl. autocannon, everything else), the server process's CPU time per request (per row for the import), which other
load on the machine moves far less than latency, and the server tree's peak RSS. On an idle core a phase could serve about 1000 / (ms per request) requests per second.

${mdTable(CPU_HEAD, cpuRows(r))}

## Duplicate leases

Every item handed to every labeler was recorded with its lease span (receipt → expiry or the holder's own label).
Items handed to more than one labeler: ${r.duplicates.client.sharedItems} of ${fmt(r.duplicates.client.itemsServed, 0)} served; held by two at once: **${r.duplicates.client.overlapping}**.
Database at the end: ${fmt(r.duplicates.db.labels, 0)} labels (${fmt(r.duplicates.db.labelsAcked, 0)} acknowledged with 201 to the client; the rest were
in flight when a closed-loop phase stopped, and autocannon drops those answers), items with more than one live label: **${r.duplicates.db.itemsWithSeveralLiveLabels}**,
items done: ${fmt(r.duplicates.db.itemsDone, 0)}, items still leased: ${fmt(r.duplicates.db.itemsLeasedNow, 0)}.
`;
}
