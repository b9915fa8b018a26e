/**
 * npm run bench:al [-- --quick] [--data DIR] [--seeds N] [--workers N] [--with edv-unc:sms-spam+davidson-hate] [--fresh] [--reuse FILE] [--minutes M]
 * Label-efficiency benchmark of sampling.md §6: strategies × calibrations × τ × regimes × data sets,
 * held-out decision cost against labels, savings ratios of the default strategy, and the audit
 * estimator's bias / RMSE / coverage and its interval width against a uniform audit of the same size. Writes docs/benchmarks/al{,-quick}.{json,md} and SVG plots.
 * Finished runs are cached per code version (bench/cache.ts): an interrupted run resumes, `--fresh` ignores it.
 * `--reuse FILE` takes the aggregates of an earlier report (e.g. docs/benchmarks/al.json) for every
 * (cell, strategy, calibration) it holds with the same seeds and budget, provided it was produced by the same
 * code hash; only what it lacks is simulated (the run cache lives in node_modules and does not survive a clone).
 * `--minutes M` stops starting runs after M minutes: the report then holds every finished (cell, strategy,
 * calibration) group and lists the unfinished ones as pending, so a later `--reuse` of it continues the plan;
 * `--minutes 0` only rewrites the report from what is reused or cached.
 */
import { execSync, fork } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultModelConfig, fitDecisionModel, mulberry32, scoreItems } from "../lib/model/index";
import { DEFAULT_STRATEGY, STRATEGY_NAMES, type StrategyName } from "../lib/sampling/index";
import { cachedArrays, codeHash, fileHash, RunCache } from "./bench/cache";
import { DATASETS, loadDataset, type Dataset } from "./bench/data";
import { externalScores, REGIMES, type Regime } from "./bench/external";
import { bestThresholdCost, trivialCost } from "./bench/metrics";
import { FAR_TAUS, planUnits, TAUS, unitKey, type Unit, type WeakExtra } from "./bench/plan";
import { aggregate, groupKey, savings, type Aggregate, type Saving } from "./bench/report";
import { simulate, type RunResult } from "./bench/simulate";
import { linePlot } from "./bench/svg";
import { estimatorTrack } from "./bench/estimator";
import { auditWidthTrack } from "./bench/audit-width";

const argv = process.argv.slice(2);
const flag = (n: string) => argv.includes(n);
const opt = (n: string) => { const k = argv.indexOf(n); return k >= 0 ? argv[k + 1] : undefined; };
const dataDir = opt("--data") ?? "/work/shared/data";
const quick = flag("--quick");

const fresh = flag("--fresh");
const reuseFile = opt("--reuse");
const minutes = opt("--minutes") === undefined ? Infinity : Number(opt("--minutes"));
if (!(minutes >= 0)) throw new Error(`--minutes: expected a number of minutes ≥ 0 (0: report what is reused or cached, run nothing), got ${opt("--minutes")}`);
// --with STRATEGY[:DATASET+DATASET…],…: extra strategies on the weak regime's learnable far cells (of the named data sets only)
const weakExtra: WeakExtra[] = (opt("--with") ?? "").split(",").filter(Boolean).map((item) => {
  const [strategy, sets] = item.split(":") as [string, string | undefined];
  if (!(STRATEGY_NAMES as readonly string[]).includes(strategy)) throw new Error(`--with: unknown strategy ${strategy}`);
  const datasets = sets?.split("+").filter(Boolean);
  for (const d of datasets ?? []) if (!DATASETS.some((x) => x.name === d)) throw new Error(`--with ${item}: unknown data set ${d}`);
  return { strategy: strategy as StrategyName, datasets };
});

interface Cell { dataset: string; regime: Regime; tau: number; trivial: number; oracle: number; learnable: boolean }
interface Loaded { ds: Dataset; scores: Record<Regime, Float64Array>; hash: string }

const dsCache = new Map<string, Loaded>();
function getDataset(name: string): Loaded {
  let e = dsCache.get(name);
  if (!e) {
    const spec = DATASETS.find((d) => d.name === name);
    if (!spec) throw new Error(`unknown dataset ${name}`);
    const file = path.join(dataDir, spec.file);
    const hash = fileHash(file);
    const ds = loadDataset(dataDir, spec.name, spec.file);
    e = { ds, scores: cachedArrays(`external-${name}-${hash}`, () => externalScores(ds)), hash };
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

/** Trivial and oracle cost per cell (oracle: whole-pool model, best threshold on the test half). */
function computeCells(): Cell[] {
  const cells: Cell[] = [];
  for (const d of DATASETS) {
    const { ds, scores, hash } = getDataset(d.name);
    const testY = ds.test.map((i) => ds.rows[i]!.y);
    for (const regime of REGIMES) {
      let rank: Float64Array;
      if (regime === "weak") {
        rank = cachedArrays(`oracle-weak-${d.name}-${hash}`, () => {
          const cfg = { ...defaultModelConfig(true), ensembleSize: 0, crossFitFolds: 2 };
          const m = fitDecisionModel(ds.pool.map((i) => ({ text: "", score: scores.weak[i]!, y: ds.rows[i]!.y, inclusionProbability: null, features: ds.rows[i]!.features })), cfg, mulberry32(3));
          return { z: scoreItems(m, ds.test.map((i) => ({ text: "", score: scores.weak[i]!, features: ds.rows[i]!.features }))).z };
        }).z;
      } else rank = Float64Array.from(ds.test, (i) => scores[regime][i]!);
      for (const tau of TAUS) {
        const trivial = trivialCost(testY, tau), oracle = bestThresholdCost(rank, testY, tau);
        cells.push({ dataset: d.name, regime, tau, trivial, oracle, learnable: oracle <= 0.8 * trivial });
      }
    }
  }
  return cells;
}

/** Runs `units` in order on `workers` processes; none starts after `deadline` (performance.now() ms). */
async function runUnits(units: Unit[], workers: number, onDone: (u: Unit, r: RunResult) => void, t0: number, deadline: number): Promise<void> {
  if (!units.length) return;
  let finished = 0;
  await new Promise<void>((resolve, reject) => {
    let next = 0, alive = 0;
    for (let w = 0; w < Math.min(workers, units.length); w++) {
      const child = fork(process.argv[1]!, [...argv, "--worker"], { execArgv: process.execArgv });
      alive++;
      const feed = () => {
        if (next < units.length && performance.now() < deadline) child.send(units[next++]!);
        else {
          if (next < units.length && child.connected) console.log(`  time limit: a worker stops with ${units.length - next} runs not started`);
          if (child.connected) child.disconnect();
        }
      };
      child.on("message", (m: { unit: Unit; result: RunResult }) => {
        onDone(m.unit, m.result);
        finished++;
        if (finished % 25 === 0 || finished === units.length) {
          const el = (performance.now() - t0) / 1000;
          console.log(`  ${finished}/${units.length} runs (${el.toFixed(0)} s)`);
        }
        feed();
      });
      child.on("exit", (code) => { if (code) reject(new Error(`worker exited with ${code}`)); else if (--alive === 0) resolve(); });
      feed();
    }
  });
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const seeds = Number(opt("--seeds") ?? (quick ? 3 : 10));
  const workers = Number(opt("--workers") ?? 2);
  const cells = computeCells();
  const learnable = (dataset: string, regime: Regime, tau: number) => cells.some((c) => c.dataset === dataset && c.regime === regime && c.tau === tau && c.learnable);
  const units = planUnits({ quick, seeds, datasets: DATASETS.map((d) => d.name), learnable, weakExtra });
  const cache = new RunCache<RunResult>(!fresh);
  const keyOf = (u: Unit) => unitKey(u, getDataset(u.dataset).hash);
  const reused = reuseFile ? reusableAggregates(reuseFile, units, seeds) : new Map<string, Aggregate>();
  const toSimulate = units.filter((u) => !reused.has(groupKey(u)));
  const todo = toSimulate.filter((u) => !cache.done.has(keyOf(u)));
  console.log(`bench:al ${quick ? "quick" : "full"}: ${units.length} runs (${units.length - toSimulate.length} reused from ${reuseFile ?? "–"}, ${toSimulate.length - todo.length} cached, code ${codeHash()}) on ${workers} workers, ${seeds} seeds`);
  if (minutes > 0) await runUnits(todo, workers, (u, r) => cache.add(keyOf(u), r), t0, t0 + minutes * 60_000);
  // a group is reported only when every seed of it finished; the rest is pending
  const seedsDone = new Map<string, { unit: Unit; done: number; total: number }>();
  for (const unit of toSimulate) {
    const g = seedsDone.get(groupKey(unit)) ?? { unit, done: 0, total: 0 };
    g.total++;
    if (cache.done.has(keyOf(unit))) g.done++;
    seedsDone.set(groupKey(unit), g);
  }
  const pending = [...seedsDone.values()].filter((g) => g.done < g.total).map(({ unit: u, done, total }) => ({ dataset: u.dataset, regime: u.regime, tau: u.tau, strategy: u.strategy, calibration: u.calibration, seedsDone: done, seeds: total }));
  const runsPending = pending.reduce((n, p) => n + p.seeds, 0);
  const done = toSimulate.filter((u) => { const g = seedsDone.get(groupKey(u))!; return g.done === g.total; }).map((unit) => ({ unit, result: cache.done.get(keyOf(unit))! }));
  if (pending.length) console.log(`  ${pending.length} groups pending (${runsPending} runs): they are left out of the report and listed under "pending"`);
  const aggs = [...aggregate(done), ...reused.values()];
  const sets = DATASETS.map((d) => getDataset(d.name));
  const reps = quick ? 40 : 200;
  const widths = auditWidthTrack(sets, TAUS, reps);
  const estimator = estimatorTrack(sets, TAUS, reps).map((e) => {
    const w = widths.find((x) => x.dataset === e.dataset && x.tau === e.tau)!;
    return { ...e, width95: w.stratifiedWidth, uniformWidth95: w.uniformWidth, widthRatio: w.widthRatio, uniformCoverage95: w.uniformCoverage95 };
  });
  let commit: string | null = null;
  try { commit = execSync("git rev-parse HEAD", { stdio: ["ignore", "pipe", "ignore"] }).toString().trim(); } catch { commit = null; }
  const sav = savings(aggs);
  const ranking = strategyRanking(aggs, cells);
  const calibrations = calibrationComparison(aggs, cells);
  const out = {
    commit, date: new Date().toISOString(), mode: quick ? "quick" : "full", defaultStrategy: DEFAULT_STRATEGY, seeds, codeHash: codeHash(),
    runs: units.length, runsFromCache: toSimulate.length - todo.length, runsReused: units.length - toSimulate.length, reusedFrom: reuseFile ?? null,
    runsPending, pending,
    machine: { cpus: os.cpus().map((c) => c.model), cores: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
    seconds: (performance.now() - t0) / 1000,
    cells,
    results: aggs.map((a) => ({ ...a })),
    savings: sav,
    summary: summarize(sav, cells),
    ranking,
    calibrations,
    estimator,
  };
  const dir = path.join(process.cwd(), "docs", "benchmarks");
  mkdirSync(dir, { recursive: true });
  const base = quick ? "al-quick" : "al";
  // plots of this mode from earlier runs (cells may have changed); "al-" must not take the quick mode's "al-quick-"
  for (const f of readdirSync(dir)) if (f.startsWith(`${base}-`) && f.endsWith(".svg") && (quick || !f.startsWith("al-quick-"))) rmSync(path.join(dir, f));
  writeFileSync(path.join(dir, `${base}.json`), JSON.stringify(out, null, 1));
  writeFileSync(path.join(dir, `${base}.md`), markdown(out));
  for (const c of cells) {
    const series = aggs.filter((a) => a.dataset === c.dataset && a.regime === c.regime && a.tau === c.tau).map((a) => ({ name: `${a.strategy}${a.calibration === "weighted" ? " (w)" : ""}`, x: a.labels, y: a.cost }));
    if (!series.length) continue;
    writeFileSync(path.join(dir, `${base}-${c.dataset}-${c.regime}-${c.tau}.svg`), linePlot(`${c.dataset} ${c.regime} τ=${c.tau}${c.learnable ? "" : " (not learnable)"}`, series, [{ y: c.trivial, label: "trivial" }, { y: c.oracle, label: "oracle" }]));
  }
  console.log(markdown(out).split("\n## ").slice(0, 3).join("\n## "));
  console.log(`wrote docs/benchmarks/${base}.{json,md,*.svg} in ${out.seconds.toFixed(0)} s`);
}

/** Aggregates of an earlier report of the same code, for the planned groups it holds at the same seeds and budget. */
function reusableAggregates(file: string, units: Unit[], seeds: number): Map<string, Aggregate> {
  const prev = JSON.parse(readFileSync(file, "utf8")) as { codeHash?: string; results?: Aggregate[] };
  if (prev.codeHash !== codeHash()) throw new Error(`--reuse ${file}: it was produced by code ${prev.codeHash ?? "(unknown)"}, this is ${codeHash()}; its runs would not match (rerun without --reuse)`);
  const budget = new Map(units.map((u) => [groupKey(u), u.budget]));
  const out = new Map<string, Aggregate>();
  for (const a of prev.results ?? []) {
    const k = groupKey(a);
    if (budget.has(k) && a.seeds === seeds && a.labels[a.labels.length - 1] === budget.get(k)) out.set(k, a);
  }
  return out;
}

type Summary = ReturnType<typeof summarize>;

/** Savings of the default over learnable far-threshold cells, per regime family and baseline, against the targets. */
function summarize(sav: Saving[], cells: Cell[]) {
  const fam = (r: string) => (r === "weak" ? "weak" : "strong");
  const target: Record<string, Record<string, number>> = { strong: { uncertainty: 1.5, random: 2 }, weak: { uncertainty: 1.2, random: 2 } };
  const out: { regime: string; baseline: string; cells: number; ratioMedian: number; ratioMin: number; ratioMax: number; meanCostRatioAbove1: number; meanCostRatioMin: number; meanCostRatioMax: number; ratioTarget: number | null; cellsMeetingRatio: number; plateauRatioMedian: number; plateauRatioMin: number; plateauRatioMax: number }[] = [];
  for (const regime of ["strong", "weak"]) {
    for (const baseline of [...new Set(sav.map((s) => s.baseline))].sort()) {
      const xs = sav.filter((s) => fam(s.regime) === regime && s.baseline === baseline && FAR_TAUS.includes(s.tau) && cells.some((c) => c.dataset === s.dataset && c.regime === s.regime && c.tau === s.tau && c.learnable));
      if (!xs.length) continue;
      const r = xs.map((x) => x.ratio).sort((a, b) => a - b);
      const m = xs.map((x) => x.meanCostRatio);
      const t = target[regime]![baseline] ?? null;
      const pr = xs.map((x) => x.plateauRatio).sort((a, b) => a - b);
      out.push({ regime, baseline, cells: xs.length, plateauRatioMedian: median(pr), plateauRatioMin: pr[0]!, plateauRatioMax: pr[pr.length - 1]!, ratioMedian: median(r), ratioMin: r[0]!, ratioMax: r[r.length - 1]!, meanCostRatioAbove1: m.filter((v) => v > 1).length, meanCostRatioMin: Math.min(...m), meanCostRatioMax: Math.max(...m), ratioTarget: t, cellsMeetingRatio: t === null ? r.filter((v) => v > 1).length : r.filter((v) => v >= t).length });
    }
  }
  return out;
}

/** Per strategy and regime family: the importance-weighted calibration against "all" on the learnable far cells where both ran. */
function calibrationComparison(aggs: Aggregate[], cells: Cell[]) {
  const out: { regime: string; strategy: string; cells: number; weightedBetter: number; meanCostRatioMedian: number; meanCostRatioMin: number; meanCostRatioMax: number; finalCostRatioMedian: number; eceAll: number; eceWeighted: number }[] = [];
  const fam = (r: string) => (r === "weak" ? "weak" : "strong");
  const far = cells.filter((c) => c.learnable && FAR_TAUS.includes(c.tau));
  const find = (c: Cell, strategy: string, calibration: string) => aggs.find((a) => a.dataset === c.dataset && a.regime === c.regime && a.tau === c.tau && a.strategy === strategy && a.calibration === calibration);
  for (const regime of ["strong", "weak"]) {
    for (const strategy of [...new Set(aggs.map((a) => a.strategy))].sort()) {
      const pairs = far.filter((c) => fam(c.regime) === regime).map((c) => [find(c, strategy, "all"), find(c, strategy, "weighted")] as const).filter((p): p is readonly [Aggregate, Aggregate] => !!p[0] && !!p[1]);
      if (!pairs.length) continue;
      const r = pairs.map(([a, w]) => w.meanCost / a.meanCost);
      const mean = (xs: number[]) => xs.reduce((t, x) => t + x, 0) / xs.length;
      out.push({ regime, strategy, cells: pairs.length, weightedBetter: r.filter((x) => x < 1).length, meanCostRatioMedian: median(r), meanCostRatioMin: Math.min(...r), meanCostRatioMax: Math.max(...r), finalCostRatioMedian: median(pairs.map(([a, w]) => w.finalCost / a.finalCost)), eceAll: mean(pairs.map(([a]) => a.ece)), eceWeighted: mean(pairs.map(([, w]) => w.ece)) });
    }
  }
  return out;
}

/** Strategies by mean cost normalised per cell (÷ the cell's best mean cost), over the learnable far cells the default ran on. */
function strategyRanking(aggs: Aggregate[], cells: Cell[]) {
  const out: { regime: string; strategy: string; calibration: string; cells: number; normalisedMeanCost: number; worstNormalised: number }[] = [];
  for (const regime of ["strong", "weak"]) {
    const cs = cells.filter((c) => c.learnable && FAR_TAUS.includes(c.tau) && (regime === "weak" ? c.regime === "weak" : c.regime !== "weak") && aggs.some((a) => a.strategy === DEFAULT_STRATEGY && a.dataset === c.dataset && a.regime === c.regime && a.tau === c.tau));
    const rows = aggs.filter((a) => cs.some((c) => c.dataset === a.dataset && c.regime === a.regime && c.tau === a.tau));
    const keys = [...new Set(rows.map((a) => `${a.strategy}|${a.calibration}`))];
    const full = keys.filter((k) => cs.every((c) => rows.some((a) => `${a.strategy}|${a.calibration}` === k && a.dataset === c.dataset && a.regime === c.regime && a.tau === c.tau)));
    for (const k of full) {
      const ratios = cs.map((c) => {
        const inCell = rows.filter((a) => a.dataset === c.dataset && a.regime === c.regime && a.tau === c.tau && full.includes(`${a.strategy}|${a.calibration}`));
        const best = Math.min(...inCell.map((a) => a.meanCost));
        return inCell.find((a) => `${a.strategy}|${a.calibration}` === k)!.meanCost / best;
      });
      const [strategy, calibration] = k.split("|") as [string, string];
      out.push({ regime, strategy, calibration, cells: cs.length, normalisedMeanCost: ratios.reduce((a, b) => a + b, 0) / ratios.length, worstNormalised: Math.max(...ratios) });
    }
  }
  return out.sort((a, b) => a.regime.localeCompare(b.regime) || a.normalisedMeanCost - b.normalisedMeanCost);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function markdown(o: { runs: number; runsFromCache: number; runsReused: number; reusedFrom: string | null; runsPending: number; pending: { dataset: string; regime: string; tau: number; strategy: string; calibration: string; seedsDone: number; seeds: number }[]; cells: Cell[]; results: Aggregate[]; savings: Saving[]; summary: Summary; ranking: ReturnType<typeof strategyRanking>; calibrations: ReturnType<typeof calibrationComparison>; estimator: (ReturnType<typeof estimatorTrack>[number] & { width95: number; uniformWidth95: number; widthRatio: number; uniformCoverage95: number })[]; mode: string; seeds: number; date: string; commit: string | null; seconds: number }): string {
  const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "–");
  const L: string[] = [`# Label-efficiency benchmark (${o.mode})`, "", `Date ${o.date}, commit ${o.commit ?? "none"}, ${o.seeds} seeds, ${o.runs} runs (${o.runsReused ? `${o.runsReused} as aggregates of an earlier report of the same code, ${o.reusedFrom}; ` : ""}${o.runsFromCache} from the cache of earlier runs of the same code${o.runsPending ? `; ${o.runsPending} planned runs pending, see the end` : ""}), ${o.seconds.toFixed(0)} s on this invocation, default strategy \`${DEFAULT_STRATEGY}\`. Cost = τ·FP + (1−τ)·FN per 1000 held-out items; "mean" = area under the cost curve ÷ labels; "final" = cost at the full budget; (w) = importance-weighted calibration. Savings ratio = labels the baseline needs to reach its own final cost ÷ labels the default needs (0: the default never gets there).`, ""];
  L.push("## Summary: the default on learnable far-threshold cells (τ ∈ {0.01, 0.1, 0.9, 0.99})", "", "| regime | baseline | cells | savings ratio median (min–max) | target | cells meeting it | mean-cost ratio > 1 | mean-cost ratio range | plateau ratio median (min–max) |", "|---|---|---|---|---|---|---|---|---|");
  for (const s of o.summary) L.push(`| ${s.regime} | ${s.baseline} | ${s.cells} | ${f2(s.ratioMedian)} (${f2(s.ratioMin)}–${f2(s.ratioMax)}) | ${s.ratioTarget === null ? "–" : "≥ " + s.ratioTarget} | ${s.cellsMeetingRatio}/${s.cells} | ${s.meanCostRatioAbove1}/${s.cells} | ${f2(s.meanCostRatioMin)}–${f2(s.meanCostRatioMax)} | ${f2(s.plateauRatioMedian)} (${f2(s.plateauRatioMin)}–${f2(s.plateauRatioMax)}) |`);
  L.push("", "Plateau ratio: labels the baseline needs ÷ labels the default needs to come within 5% of the worse of the two final costs (both reach it), a noise-robust companion to the savings ratio, whose target is a point on a flat, noisy curve.");
  L.push("", "## Strategies ranked: mean cost ÷ the cell's best, averaged over learnable far cells", "", "| regime | strategy | calibration | cells | normalised mean cost | worst cell |", "|---|---|---|---|---|---|");
  for (const r of o.ranking) L.push(`| ${r.regime} | ${r.strategy} | ${r.calibration} | ${r.cells} | ${r.normalisedMeanCost.toFixed(3)} | ${r.worstNormalised.toFixed(3)} |`);
  L.push("", "## Calibration: importance-weighted ÷ all labels, per strategy, on learnable far cells", "", "Ratios above 1: the weighted calibration costs more. ECE: held-out expected calibration error at the end of the budget, mean over the cells.", "", "| regime | strategy | cells | weighted better in | mean-cost ratio median (min–max) | final-cost ratio median | ECE all / weighted |", "|---|---|---|---|---|---|---|");
  for (const c of o.calibrations) L.push(`| ${c.regime} | ${c.strategy} | ${c.cells} | ${c.weightedBetter}/${c.cells} | ${f2(c.meanCostRatioMedian)} (${f2(c.meanCostRatioMin)}–${f2(c.meanCostRatioMax)}) | ${f2(c.finalCostRatioMedian)} | ${c.eceAll.toFixed(3)} / ${c.eceWeighted.toFixed(3)} |`);
  const worse = o.results.filter((a) => { const c = o.cells.find((c) => c.dataset === a.dataset && c.regime === a.regime && c.tau === a.tau)!; return a.finalCost > c.trivial * 1.0001; });
  const cellOf = (a: Aggregate) => o.cells.find((c) => c.dataset === a.dataset && c.regime === a.regime && c.tau === a.tau)!;
  const listWorse = (xs: Aggregate[]) => (xs.length ? xs.map((a) => `${a.dataset} ${a.regime} τ=${a.tau} ${a.strategy} (${a.finalCost.toFixed(2)} vs ${cellOf(a).trivial.toFixed(2)})`).join("; ") : "none");
  L.push("", "Final cost worse than the trivial policy's:", "");
  for (const calibration of ["all", "weighted"]) {
    for (const learnable of [true, false]) {
      const xs = worse.filter((a) => a.calibration === calibration && cellOf(a).learnable === learnable);
      L.push(`- calibration "${calibration}", ${learnable ? "learnable" : "not learnable"} cells (${xs.length}): ${listWorse(xs)}`);
    }
  }
  L.push("");
  for (const c of o.cells) {
    const rows = o.results.filter((a) => a.dataset === c.dataset && a.regime === c.regime && a.tau === c.tau).sort((a, b) => a.meanCost - b.meanCost);
    if (!rows.length) continue;
    L.push(`## ${c.dataset} · ${c.regime} · τ = ${c.tau} — trivial ${c.trivial.toFixed(2)}, oracle ${c.oracle.toFixed(2)}${c.learnable ? "" : " (**not learnable**)"}`, "", "| strategy | calib | seeds | mean cost | final cost (±sd) | positives labeled | ECE | mean q / observed above τ |", "|---|---|---|---|---|---|---|---|");
    for (const a of rows) L.push(`| ${a.strategy} | ${a.calibration} | ${a.seeds} | ${a.meanCost.toFixed(2)} | ${a.finalCost.toFixed(2)} ± ${a.costStd[a.costStd.length - 1]!.toFixed(2)} | ${a.positivesLabeled.toFixed(0)} | ${a.ece.toFixed(3)} | ${Number.isFinite(a.meanQAbove) ? a.meanQAbove.toFixed(3) : "–"} / ${Number.isFinite(a.observedAbove) ? a.observedAbove.toFixed(3) : "–"} |`);
    const s = o.savings.filter((x) => x.dataset === c.dataset && x.regime === c.regime && x.tau === c.tau);
    if (s.length) L.push("", "Savings of the default: " + s.map((x) => `${x.baseline} ×${x.ratio.toFixed(2)} (mean-cost ratio ${x.meanCostRatio.toFixed(2)}, plateau ratio ${x.plateauRatio.toFixed(2)})`).join("; "));
    L.push("");
  }
  L.push("## Audit estimator (stratified, §5)", "", "Audit of 200 labels planned on an early model's q; interval widths are means of the 95% interval for the cost at τ, per 1000 pool items, against a uniform random audit of the same size estimated the same way.", "", "| dataset | τ | coverage 95% | bias /1000 | RMSE /1000 | width | uniform audit's width | uniform ÷ stratified | uniform audit's coverage |", "|---|---|---|---|---|---|---|---|---|");
  for (const e of o.estimator) L.push(`| ${e.dataset} | ${e.tau} | ${e.coverage95.toFixed(3)} | ${e.bias.toFixed(3)} | ${e.rmse.toFixed(3)} | ${e.width95.toFixed(2)} | ${e.uniformWidth95.toFixed(2)} | ${e.widthRatio.toFixed(2)} | ${e.uniformCoverage95.toFixed(3)} |`);
  if (o.pending.length) {
    L.push("", "## Pending: planned groups not yet run (a time limit stopped the invocation; `--reuse` of this report continues)", "", "| dataset | regime | τ | strategy | calibration | seeds finished |", "|---|---|---|---|---|---|");
    for (const p of o.pending) L.push(`| ${p.dataset} | ${p.regime} | ${p.tau} | ${p.strategy} | ${p.calibration} | ${p.seedsDone}/${p.seeds} |`);
  }
  return L.join("\n") + "\n";
}
