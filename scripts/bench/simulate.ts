/**
 * One simulated labeling run (sampling.md §6): random seed labels, then batches where 10% are drawn
 * uniformly at random with known inclusion probability (the audit stand-in) and the rest by the strategy;
 * refit after every batch; held-out decision cost at τ against labels spent.
 */
import { defaultModelConfig, fitDecisionModel, mulberry32, scoreItems, scoresOnlyConfig, type DecisionModel, type ModelConfig, type TrainingExample } from "../../lib/model/index";
import { rankPool, STRATEGIES, type StrategyName } from "../../lib/sampling/index";
import type { CalibrationVariant } from "../../lib/model/config";
import { hashString } from "../../lib/model/hash";
import type { Dataset } from "./data";
import type { Regime } from "./external";
import { decisionCost, reliability } from "./metrics";

export interface RunSpec {
  regime: Regime;
  tau: number;
  strategy: StrategyName;
  calibration: CalibrationVariant;
  seed: number;
  budget: number;
}

export interface RunResult {
  labels: number[];
  cost: number[];
  positivesLabeled: number;
  ece: number;
  predictedAbove: number;
  meanQAbove: number;
  observedAbove: number;
  ms: number;
}

/**
 * The weak regime fits the full text model; strategies that never read the posterior spread σ (random,
 * uncertainty, margin) skip its bootstrap ensemble — their MAP, calibration and decisions are the same.
 */
export function regimeConfig(regime: Regime, calibration: CalibrationVariant, strategy?: StrategyName): ModelConfig {
  if (regime !== "weak") return scoresOnlyConfig({ calibration });
  const base = { ...defaultModelConfig(true), calibration };
  return strategy && !STRATEGIES[strategy].usesSpread ? { ...base, ensembleSize: 0 } : base;
}

export function simulate(ds: Dataset, scores: Float64Array, spec: RunSpec): RunResult {
  const t0 = performance.now();
  const weak = spec.regime === "weak";
  const nSeed = weak ? 50 : 20;
  const B = weak ? 20 : 10;
  const nRand = Math.max(1, Math.round(0.1 * B));
  const config = regimeConfig(spec.regime, spec.calibration, spec.strategy);
  const seedRng = mulberry32(spec.seed * 7919 + 13);
  const rng = mulberry32(hashString(`${spec.strategy}|${spec.calibration}|${spec.tau}|${spec.regime}`, spec.seed));
  const pool = ds.pool;
  const N = pool.length;
  const labeled = new Uint8Array(N);
  const examples: TrainingExample[] = [];
  const addLabel = (k: number, pi: number | null) => {
    labeled[k] = 1;
    const r = ds.rows[pool[k]!]!;
    examples.push({ text: "", score: scores[pool[k]!]!, y: r.y, inclusionProbability: pi, features: r.features });
  };
  for (let c = 0; c < nSeed; c++) {
    let k: number;
    do k = Math.floor(seedRng() * N); while (labeled[k]);
    addLabel(k, nSeed / N);
  }
  const testItems = ds.test.map((i) => ({ text: "", score: scores[i]!, features: ds.rows[i]!.features }));
  const testY = ds.test.map((i) => ds.rows[i]!.y);
  const labels: number[] = [];
  const cost: number[] = [];
  let model: DecisionModel | undefined;
  let lastQ: Float64Array = new Float64Array(0);
  for (;;) {
    model = fitDecisionModel(examples, config, rng, { warmStart: model });
    lastQ = scoreItems(model, testItems).q;
    labels.push(examples.length);
    cost.push(decisionCost(lastQ, testY, spec.tau));
    if (examples.length >= spec.budget) break;
    const unl: number[] = [];
    for (let k = 0; k < N; k++) if (!labeled[k]) unl.push(k);
    if (unl.length === 0) break;
    const take = Math.min(B, spec.budget - examples.length, unl.length);
    const r = Math.min(nRand, take);
    // audit stand-in: r uniform draws without replacement, π = r / |unlabeled|
    const chosen = new Set<number>();
    while (chosen.size < r) chosen.add(Math.floor(rng() * unl.length));
    const pi = r / unl.length;
    const items = unl.map((k) => ({ text: "", score: scores[pool[k]!]!, features: ds.rows[pool[k]!]!.features }));
    const scored = scoreItems(model, items);
    const res = rankPool({ model, items, scored, tau: spec.tau, strategy: spec.strategy, batchSize: take, selfValue: 0, rng });
    for (const c of chosen) addLabel(unl[c]!, pi);
    let added = r;
    const order = res.batch.length >= take ? Array.from(res.batch) : Array.from({ length: unl.length }, (_, c) => c).sort((a, b) => res.priority[b]! - res.priority[a]!);
    for (const c of order) {
      if (added >= take) break;
      if (chosen.has(c)) continue;
      addLabel(unl[c]!, null);
      added++;
    }
    if (added < take) for (let c = 0; c < unl.length && added < take; c++) if (!labeled[unl[c]!]) { addLabel(unl[c]!, null); added++; }
  }
  const rel = reliability(lastQ, testY, spec.tau);
  return { labels, cost, positivesLabeled: examples.reduce((s, e) => s + e.y, 0), ...rel, ms: performance.now() - t0 };
}
