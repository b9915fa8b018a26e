/**
 * npm run bench:al [-- --quick] [--data DIR] [--seeds N] [--workers N]
 * Label-efficiency benchmark of sampling.md §6: strategies × calibrations × τ × regimes × data sets,
 * held-out decision cost against labels, savings ratios of the default strategy, and the audit
 * estimator's bias / RMSE / coverage. Writes docs/benchmarks/al{,-quick}.{json,md} and SVG plots.
 */
import { execSync, fork } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultModelConfig, fitDecisionModel, mulberry32, scoreItems } from "../lib/model/index";
import { DEFAULT_STRATEGY } from "../lib/sampling/index";
import { DATASETS, loadDataset, type Dataset } from "./bench/data";
import { externalScores, REGIMES, type Regime } from "./bench/external";
import { bestThresholdCost, trivialCost } from "./bench/metrics";
import { planUnits, TAUS, type Unit } from "./bench/plan";
import { aggregate, savings, type Aggregate } from "./bench/report";
import { simulate, type RunResult } from "./bench/simulate";
import { linePlot } from "./bench/svg";
import { estimatorTrack } from "./bench/estimator";

const argv = process.argv.slice(2);
const flag = (n: string) => argv.includes(n);
const opt = (n: string) => { const k = argv.indexOf(n); return k >= 0 ? argv[k + 1] : undefined; };
const dataDir = opt("--data") ?? "/work/shared/data";
const quick = flag("--quick");

const dsCache = new Map<string, { ds: Dataset; scores: Record<Regime, Float64Array> }>();
function getDataset(name: string) {
  let e = dsCache.get(name);
  if (!e) {
    const spec = DATASETS.find((d) => d.name === name);
    if (!spec) throw new Error(`unknown dataset ${name}`);
    const ds = loadDataset(dataDir, spec.name, spec.file);
    e = { ds, scores: externalScores(ds) };
    dsCache.set(name, e);
  }
  return e;
}

if (flag("--worker")) {
  process.on("message", (u: Unit) => {
    const { ds, scores } = getDataset(u.dataset);
    const result = simulate(ds, scores[u.regime], u);
    process.send!({ unit: u, result });
  });
} else void main();

async function main(): Promise<void> {
  const t0 = performance.now();
  const seeds = Number(opt("--seeds") ?? (quick ? 3 : 10));
  const workers = Number(opt("--workers") ?? 2);
  const units = planUnits({ quick, seeds, datasets: DATASETS.map((d) => d.name) });
  console.log(`bench:al ${quick ? "quick" : "full"}: ${units.length} runs on ${workers} workers, ${seeds} seeds`);
  const done: { unit: Unit; result: RunResult }[] = [];
  await new Promise<void>((resolve, reject) => {
    let next = 0, alive = 0;
    for (let w = 0; w < workers; w++) {
      const child = fork(process.argv[1]!, [...argv, "--worker"], { execArgv: process.execArgv });
      alive++;
      const feed = () => { if (next < units.length) child.send(units[next++]!); else child.disconnect(); };
      child.on("message", (m: { unit: Unit; result: RunResult }) => {
        done.push(m);
        if (done.length % 50 === 0) console.log(`  ${done.length}/${units.length} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
        feed();
      });
      child.on("exit", (code) => { if (code) reject(new Error(`worker exited with ${code}`)); else if (--alive === 0) resolve(); });
      feed();
    }
  });
  const aggs = aggregate(done);
  // cells: trivial and oracle (whole-pool model, best threshold on the test half)
  const cells: { dataset: string; regime: string; tau: number; trivial: number; oracle: number; learnable: boolean }[] = [];
  for (const d of DATASETS) {
    const { ds, scores } = getDataset(d.name);
    const testY = ds.test.map((i) => ds.rows[i]!.y);
    for (const regime of REGIMES) {
      let rank: Float64Array;
      if (regime === "weak") {
        const cfg = { ...defaultModelConfig(true), ensembleSize: 0, crossFitFolds: 2 };
        const m = fitDecisionModel(ds.pool.map((i) => ({ text: "", score: scores.weak[i]!, y: ds.rows[i]!.y, inclusionProbability: null, features: ds.rows[i]!.features })), cfg, mulberry32(3));
        rank = scoreItems(m, ds.test.map((i) => ({ text: "", score: scores.weak[i]!, features: ds.rows[i]!.features }))).z;
      } else rank = Float64Array.from(ds.test, (i) => scores[regime][i]!);
      for (const tau of TAUS) {
        const trivial = trivialCost(testY, tau), oracle = bestThresholdCost(rank, testY, tau);
        cells.push({ dataset: d.name, regime, tau, trivial, oracle, learnable: oracle <= 0.8 * trivial });
      }
    }
  }
  const estimator = estimatorTrack(DATASETS.map((d) => getDataset(d.name)), TAUS, quick ? 40 : 200);
  let commit: string | null = null;
  try { commit = execSync("git rev-parse HEAD", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim(); } catch { commit = null; }
  const sav = savings(aggs);
  const out = {
    commit, date: new Date().toISOString(), mode: quick ? "quick" : "full", defaultStrategy: DEFAULT_STRATEGY, seeds,
    machine: { cpus: os.cpus().map((c) => c.model), cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
    seconds: (performance.now() - t0) / 1000,
    cells,
    results: aggs.map((a) => ({ ...a })),
    savings: sav,
    estimator,
  };
  const dir = path.join(process.cwd(), "docs", "benchmarks");
  mkdirSync(dir, { recursive: true });
  const base = quick ? "al-quick" : "al";
  writeFileSync(path.join(dir, `${base}.json`), JSON.stringify(out, null, 1));
  writeFileSync(path.join(dir, `${base}.md`), markdown(out.cells, aggs, sav, estimator, out));
  for (const c of cells) {
    const series = aggs.filter((a) => a.dataset === c.dataset && a.regime === c.regime && a.tau === c.tau).map((a) => ({ name: `${a.strategy}${a.calibration === "weighted" ? " (w)" : ""}`, x: a.labels, y: a.cost }));
    if (!series.length) continue;
    writeFileSync(path.join(dir, `${base}-${c.dataset}-${c.regime}-${c.tau}.svg`), linePlot(`${c.dataset} ${c.regime} τ=${c.tau}${c.learnable ? "" : " (not learnable)"}`, series, [{ y: c.trivial, label: "trivial" }, { y: c.oracle, label: "oracle" }]));
  }
  console.log(markdown(cells, aggs, sav, estimator, out));
  console.log(`wrote docs/benchmarks/${base}.{json,md,*.svg} in ${out.seconds.toFixed(0)} s`);
}

function markdown(cells: { dataset: string; regime: string; tau: number; trivial: number; oracle: number; learnable: boolean }[], aggs: Aggregate[], sav: ReturnType<typeof savings>, est: ReturnType<typeof estimatorTrack>, meta: { mode: string; seeds: number; date: string; commit: string | null }): string {
  const L: string[] = [`# Label-efficiency benchmark (${meta.mode})`, "", `Date ${meta.date}, commit ${meta.commit ?? "none"}, ${meta.seeds} seeds, default strategy \`${DEFAULT_STRATEGY}\`. Cost = τ·FP + (1−τ)·FN per 1000 held-out items; "mean" = area under the cost curve ÷ labels; "final" = cost at the full budget; (w) = importance-weighted calibration.`, ""];
  for (const c of cells) {
    const rows = aggs.filter((a) => a.dataset === c.dataset && a.regime === c.regime && a.tau === c.tau).sort((a, b) => a.meanCost - b.meanCost);
    if (!rows.length) continue;
    L.push(`## ${c.dataset} · ${c.regime} · τ = ${c.tau} — trivial ${c.trivial.toFixed(2)}, oracle ${c.oracle.toFixed(2)}${c.learnable ? "" : " (**not learnable**)"}`, "", "| strategy | calib | mean cost | final cost (±sd) | positives labeled | ECE | mean q / observed above τ |", "|---|---|---|---|---|---|---|");
    for (const a of rows) L.push(`| ${a.strategy} | ${a.calibration} | ${a.meanCost.toFixed(2)} | ${a.finalCost.toFixed(2)} ± ${a.costStd[a.costStd.length - 1]!.toFixed(2)} | ${a.positivesLabeled.toFixed(0)} | ${a.ece.toFixed(3)} | ${Number.isFinite(a.meanQAbove) ? a.meanQAbove.toFixed(3) : "–"} / ${Number.isFinite(a.observedAbove) ? a.observedAbove.toFixed(3) : "–"} |`);
    const s = sav.filter((x) => x.dataset === c.dataset && x.regime === c.regime && x.tau === c.tau);
    if (s.length) L.push("", "Savings of the default: " + s.map((x) => `${x.baseline} ×${x.ratio.toFixed(2)} (mean-cost ratio ${x.meanCostRatio.toFixed(2)})`).join("; "));
    L.push("");
  }
  L.push("## Audit estimator (stratified, §5)", "", "| dataset | τ | coverage 95% | bias /1000 | RMSE /1000 |", "|---|---|---|---|---|");
  for (const e of est) L.push(`| ${e.dataset} | ${e.tau} | ${e.coverage95.toFixed(3)} | ${e.bias.toFixed(3)} | ${e.rmse.toFixed(3)} |`);
  return L.join("\n") + "\n";
}
