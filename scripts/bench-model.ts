/**
 * npm run bench:model [-- --sizes 10000,100000,1000000] [--processes 2]
 * Speed of the decision model and sampler on synthetic pools of ~200-character snippets: fit + cross-fitted
 * calibration (2,000 labels), rescoring the pool in chunks (in this process, and split across `--processes`
 * child processes as a retrain with VERGE_SCORE_PROCESSES does), scores-only EDV ranking, and a text-model
 * EDV batch of 20. Writes docs/benchmarks/model.{md,json}.
 */
import { execSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultModelConfig, fitDecisionModel, mulberry32, scoreItems, scoresOnlyConfig } from "../lib/model/index";
import { rankPool } from "../lib/sampling/index";
import { ScorePool } from "../lib/server/scoring/score-pool";

const argv = process.argv.slice(2);
const k = argv.indexOf("--sizes");
const sizes = (k >= 0 ? argv[k + 1]! : "10000,100000,1000000").split(",").map(Number);
const kp = argv.indexOf("--processes");
const processes = kp >= 0 ? Number(argv[kp + 1]) : 2;
const VOCAB = Array.from({ length: 5000 }, (_, i) => i.toString(36) + ["a", "e", "o", "u", "y"][i % 5]! + (i * 7919).toString(36).slice(-3));

function snippet(i: number): { text: string; score: number; y: 0 | 1 } {
  const r = mulberry32(i * 2654435761);
  const words: string[] = [];
  let z = -2;
  let len = 0;
  while (len < 200) {
    const w = Math.floor(Math.pow(r(), 2) * VOCAB.length);
    words.push(VOCAB[w]!);
    len += VOCAB[w]!.length + 1;
    if (w % 97 === 0) z += 1.5;
  }
  const y = r() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  const score = 1 / (1 + Math.exp(-(z + 1.5 * (r() - 0.5))));
  return { text: words.join(" "), score, y };
}

function time<T>(f: () => T): [T, number] {
  const t = performance.now();
  const v = f();
  return [v, (performance.now() - t) / 1000];
}

const rows: Record<string, number | string>[] = [];
async function main(): Promise<void> {
  for (const N of sizes) {
    const labeled = Array.from({ length: 2000 }, (_, i) => snippet(N + 10_000_000 + i));
    const examples = labeled.map((s, i) => ({ text: s.text, score: s.score, y: s.y, inclusionProbability: i % 10 === 0 ? 0.01 : null }));
    const [model, fitS] = time(() => fitDecisionModel(examples, defaultModelConfig(true), mulberry32(1)));
    // rescore the pool in chunks of 50k (what the app's worker does), keeping only z, q, σ
    const z = new Float64Array(N), q = new Float64Array(N), sigma = new Float64Array(N);
    // (the snippets are generated outside the timed part; the pool's processes are started inside it)
    let scoreS = 0;
    {
      for (let start = 0; start < N; start += 50_000) {
        const chunk = Array.from({ length: Math.min(50_000, N - start) }, (_, j) => { const s = snippet(start + j); return { text: s.text, score: s.score }; });
        const t = performance.now();
        const r = scoreItems(model, chunk);
        scoreS += (performance.now() - t) / 1000;
        z.set(r.z, start); q.set(r.q, start); sigma.set(r.sigma, start);
      }
    }
    // the same rescore split across `processes` child processes (process start-up and model hand-over included)
    const pool = new ScorePool(processes);
    const tp = performance.now();
    await pool.setModel(model);
    let scoreParS = (performance.now() - tp) / 1000;
    for (let start = 0; start < N; start += 50_000) {
      const chunk = Array.from({ length: Math.min(50_000, N - start) }, (_, j) => { const s = snippet(start + j); return { text: s.text, score: s.score }; });
      const t = performance.now();
      await pool.score(chunk);
      scoreParS += (performance.now() - t) / 1000;
    }
    pool.close();
    // scores-only ranking of the whole pool
    const so = fitDecisionModel(examples, scoresOnlyConfig(), mulberry32(1));
    const soItems = Array.from({ length: N }, (_, j) => ({ text: "", score: snippet(j).score }));
    const soScored = scoreItems(so, soItems);
    const [, rankSoS] = time(() => rankPool({ model: so, items: soItems, scored: soScored, tau: 0.9, strategy: "edv", batchSize: 20, selfValue: 0, rng: mulberry32(2) }));
    // text-model EDV batch of 20 (items' text needed only for the band and shortlist; generated lazily)
    let rankTextS = NaN;
    if (N <= 100_000) {
      const items = Array.from({ length: N }, (_, j) => { const s = snippet(j); return { text: s.text, score: s.score }; });
      [, rankTextS] = time(() => rankPool({ model, items, scored: { z, q, sigma }, tau: 0.9, strategy: "edv", batchSize: 20, selfValue: 0, rng: mulberry32(3) }));
    }
    const row = { pool: N, labels: 2000, fitCalibrateS: fitS, rescoreS: scoreS, fitCalibrateRescoreS: fitS + scoreS, scoreProcesses: processes, rescoreParallelS: scoreParS, fitCalibrateRescoreParallelS: fitS + scoreParS, rankScoresOnlyS: rankSoS, rankTextBatch20S: rankTextS, heapMB: Math.round(process.memoryUsage().heapUsed / 1e6) };
    rows.push(row);
    console.log(row);
  }
}

void main().then(report);

function report(): void {
  let commit: string | null = null;
  try { commit = execSync("git rev-parse HEAD", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim(); } catch { commit = null; }
  const out = { commit, date: new Date().toISOString(), machine: { cpus: os.cpus().map((c) => c.model), cores: os.cpus().length, node: process.version, loadavg: os.loadavg() }, rows };
  const dir = path.join(process.cwd(), "docs", "benchmarks");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "model.json"), JSON.stringify(out, null, 1));
  const md = ["# Decision-model speed", "", `Date ${out.date}, commit ${commit ?? "none"}, node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), load average at end ${os.loadavg().map((v) => v.toFixed(1)).join(" ")}.`, "Synthetic ~200-character snippets; default text+score model (word 1–2, char 3–5 grams, 2^18 buckets, 8 bootstrap members, 5-fold cross-fitted calibration) fitted on 2,000 labels.", "", `| pool | fit + calibrate (s) | rescore, 1 process (s) | fit+cal+rescore, 1 process (s) | rescore, ${processes} processes (s) | fit+cal+rescore, ${processes} processes (s) | scores-only EDV rank (s) | text EDV batch of 20 (s) |`, "|---|---|---|---|---|---|---|---|", ...rows.map((r) => `| ${r.pool} | ${Number(r.fitCalibrateS).toFixed(2)} | ${Number(r.rescoreS).toFixed(2)} | ${Number(r.fitCalibrateRescoreS).toFixed(2)} | ${Number(r.rescoreParallelS).toFixed(2)} | ${Number(r.fitCalibrateRescoreParallelS).toFixed(2)} | ${Number(r.rankScoresOnlyS).toFixed(3)} | ${Number.isFinite(Number(r.rankTextBatch20S)) ? Number(r.rankTextBatch20S).toFixed(2) : "–"} |`), "", "Targets: scores-only ranking of 1M < 1 s; text batch of 20 from 100k < 5 s; fit+calibrate+rescore 100k < 10 s, 1M < 90 s."].join("\n");
  writeFileSync(path.join(dir, "model.md"), md + "\n");
  console.log(md);
}
