/**
 * Retrain + rescore + reprioritize time on a synthetic pool (no HTTP): `npm run bench:retrain -- --rows 100000`.
 * Prints the time of each phase of a retrain job; writes docs/benchmarks/retrain.json with --out.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { parseArgs } from "node:util";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: "string", default: "100000" }, labels: { type: "string", default: "300" }, out: { type: "string" }, strategy: { type: "string", default: "edv-unc25" } } });
  const rows = Number(values.rows);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verge-bench-retrain-"));
  process.env.DATABASE_URL = `file:${path.join(dir, "bench.db")}`;
  execFileSync(path.resolve("node_modules/.bin/prisma"), ["migrate", "deploy"], { stdio: "pipe", env: process.env });

  const { createUser } = await import("../lib/server/auth/users");
  const { createProject, getProject } = await import("../lib/server/projects");
  const { importItems } = await import("../lib/server/import/import-items");
  const { leaseItems } = await import("../lib/server/queue/lease");
  const { createLabel } = await import("../lib/server/labels");
  const { retrainProject } = await import("../lib/server/jobs/retrain");
  const { closeDb } = await import("../lib/server/db/client");
  const { mulberry32 } = await import("../lib/sampling");
  const { ndjsonCorpus } = await import("./bench/api-corpus");

  const owner = await createUser({ email: "bench@verge.local", password: "bench-owner-passphrase", isAdmin: true });
  const p = await createProject({ name: "bench", positiveLabel: "unsafe", negativeLabel: "safe", threshold: 0.9, strategy: values.strategy as "edv-unc25", retrainEvery: 1_000_000 }, owner);
  let t = Date.now();
  await importItems(p.id, ndjsonCorpus({ rows, seed: 1 }), "ndjson");
  console.log(`import ${rows} rows: ${((Date.now() - t) / 1000).toFixed(1)} s`);
  const rng = mulberry32(5);
  let project = await getProject(p.id);
  for (let n = 0; n < Number(values.labels); ) {
    for (const it of await leaseItems(project, owner.id, 20, new Date(), rng)) {
      await createLabel(project, owner.id, { itemId: it.itemId, value: rng() < 0.3 ? "unsafe" : "safe", requestId: `bench-${it.itemId}` });
      n++;
    }
    project = await getProject(p.id);
  }
  const phases: { phase: string; seconds: number }[] = [];
  let last = Date.now();
  let lastMsg = "start";
  t = Date.now();
  const mem0 = process.memoryUsage().rss;
  let peak = mem0;
  const result = await retrainProject(p.id, async (_f, msg) => {
    const now = Date.now();
    peak = Math.max(peak, process.memoryUsage().rss);
    if (msg !== lastMsg) {
      phases.push({ phase: lastMsg, seconds: (now - last) / 1000 });
      last = now;
      lastMsg = msg;
    }
  });
  phases.push({ phase: lastMsg, seconds: (Date.now() - last) / 1000 });
  const total = (Date.now() - t) / 1000;
  for (const ph of phases) console.log(`  ${ph.phase.padEnd(28)} ${ph.seconds.toFixed(2)} s`);
  console.log(`retrain total ${total.toFixed(1)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB; ${JSON.stringify(result)}`);
  if (values.out) fs.writeFileSync(values.out, JSON.stringify({ rows, labels: Number(values.labels), strategy: values.strategy, scoreProcesses: Number(process.env.VERGE_SCORE_PROCESSES ?? 1), total, phases, peakRssMb: peak / 2 ** 20, result, date: new Date().toISOString() }, null, 2));
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
