/**
 * Seeded simulated adaptive runs with a known truth (test support only). Design-based: the pool, its labels
 * y and the decision model are fixed; each run repeats the adaptive labeling process with a new rng.
 */
import { mulberry32 } from "../../model/rng";
import { planRound } from "./design";
import { estimateActive } from "./estimate";
import { roundSums } from "./round-sums";
import type { ActiveEstimate, ActiveLabel, RoundSums } from "./types";

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
export const logit = (p: number) => Math.log(p / (1 - p));

export interface World {
  /** The model's logit per item; decisions use q = σ(slope·z). */
  z: Float64Array;
  y: Uint8Array;
  /** Decision model's q (fixed for the whole run). */
  qDecision: Float64Array;
}

/**
 * N items, true logit z from a 70/30 mixture of N(−2.5, 1.5²) and N(1.5, 1.5²), y ~ Bernoulli(σ(z)).
 * The model's logit is slope·z: slope 1 is calibrated, slope 2 over-confident (most in the tails).
 */
export function makeWorld(N: number, seed: number, slope: number): World {
  const rng = mulberry32(seed);
  const z = new Float64Array(N);
  const y = new Uint8Array(N);
  const qDecision = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    const gauss = Math.sqrt(-2 * Math.log(Math.max(rng(), 1e-300))) * Math.cos(2 * Math.PI * rng());
    const t = rng() < 0.7 ? -2.5 + 1.5 * gauss : 1.5 + 1.5 * gauss;
    z[i] = slope * t;
    y[i] = rng() < sigmoid(t) ? 1 : 0;
    qDecision[i] = sigmoid(z[i]!);
  }
  return { z, y, qDecision };
}

export type Metric = "falsePositives" | "falseNegatives" | "precision" | "recall";
export const METRICS: Metric[] = ["falsePositives", "falseNegatives", "precision", "recall"];

/** The truth of each metric at τ′ for the world's fixed decisions. */
export function truthAt(world: World, tau: number): Record<Metric, number> {
  let fp = 0;
  let fn = 0;
  let tp = 0;
  let d = 0;
  for (let i = 0; i < world.y.length; i++) {
    const pos = world.qDecision[i]! >= tau;
    if (pos) d++;
    if (pos && world.y[i] === 0) fp++;
    if (pos && world.y[i] === 1) tp++;
    if (!pos && world.y[i] === 1) fn++;
  }
  return { falsePositives: fp, falseNegatives: fn, precision: d > 0 ? 1 - fp / d : NaN, recall: tp + fn > 0 ? tp / (tp + fn) : NaN };
}

/** Platt refit (a, b) of q = σ(a·z + b) on the labels so far: Newton steps with a N((1, 0), I) prior. */
function refit(world: World, labeled: readonly number[]): [number, number] {
  let a = 1;
  let b = 0;
  for (let it = 0; it < 6; it++) {
    let ga = -(a - 1);
    let gb = -b;
    let haa = 1;
    let hab = 0;
    let hbb = 1;
    for (const i of labeled) {
      const zi = world.z[i]!;
      const p = sigmoid(a * zi + b);
      const w = p * (1 - p);
      ga += (world.y[i]! - p) * zi;
      gb += world.y[i]! - p;
      haa += w * zi * zi;
      hab += w * zi;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    a += (hbb * ga - hab * gb) / det;
    b += (haa * gb - hab * ga) / det;
  }
  return [a, b];
}

export interface RunOptions {
  world: World;
  /** τ of the design (and the first threshold estimated); more τ′ in `taus`. */
  tau: number;
  taus: number[];
  rounds: number;
  /** Certainty units per round (the unlabeled items of highest decision risk under the lagged model). */
  certain: number;
  /** Expected randomized draws per round. */
  expectedSize: number;
  /** Refit the lagged model (Platt on all labels so far) before each round. */
  refits: boolean;
  seed: number;
}

/** One adaptive run; returns the estimate at each threshold of `taus` after the last round. */
export function simulateRun(opts: RunOptions): ActiveEstimate[] {
  const { world, tau, taus } = opts;
  const N = world.y.length;
  const rng = mulberry32(opts.seed);
  const labeledMask = new Uint8Array(N);
  const labeledList: number[] = [];
  const labels: ActiveLabel[] = [];
  const sums: RoundSums[][] = taus.map(() => []);
  let [a, b] = [1, 0];
  for (let t = 0; t < opts.rounds; t++) {
    if (opts.refits && labeledList.length > 0) [a, b] = refit(world, labeledList);
    const unlabeled: number[] = [];
    for (let i = 0; i < N; i++) if (!labeledMask[i]) unlabeled.push(i);
    const q = Float64Array.from(unlabeled, (i) => sigmoid(a * world.z[i]! + b));
    const certain = topRisk(q, tau, opts.certain);
    const plan = planRound({ q, tau, expectedSize: opts.expectedSize, certain, rng });
    const qDecision = Float64Array.from(unlabeled, (i) => world.qDecision[i]!);
    roundSums({ round: t, q, pi: plan.pi, certain: plan.certain, qDecision, taus }).forEach((s, k) => sums[k]!.push(s));
    const served = [...certain, ...plan.random];
    for (const pos of served) {
      const i = unlabeled[pos]!;
      labels.push({ round: t, y: world.y[i] as 0 | 1, q: q[pos]!, pi: plan.pi[pos]!, certainty: plan.certain[pos] === 1, qDecision: world.qDecision[i]! });
      labeledMask[i] = 1;
      labeledList.push(i);
    }
  }
  return taus.map((tp, k) => {
    let D = 0;
    for (let i = 0; i < N; i++) if (world.qDecision[i]! >= tp) D++;
    return estimateActive({ labels, rounds: sums[k]!, pool: { size: N, decidedPositive: D }, tau: tp });
  });
}

/** Positions of the k largest decision risks min(τ(1 − q), (1 − τ)q) (O(N·k), k small). */
function topRisk(q: Float64Array, tau: number, k: number): number[] {
  const risk = Float64Array.from(q, (v) => Math.min(tau * (1 - v), (1 - tau) * v));
  const picked: number[] = [];
  for (let j = 0; j < Math.min(k, q.length); j++) {
    let best = 0;
    for (let i = 1; i < risk.length; i++) if (risk[i]! > risk[best]!) best = i;
    risk[best] = -1;
    picked.push(best);
  }
  return picked;
}

export interface CellResult {
  tau: number;
  metric: Metric;
  truth: number;
  mean: number;
  /** Monte-Carlo standard error of the mean of the raw estimate. */
  mcSe: number;
  coverage: number;
  reps: number;
}

/** `reps` seeded runs of one configuration; per (τ′, metric): truth, mean raw estimate, its MC error, coverage. */
export function simulateCell(opts: Omit<RunOptions, "seed"> & { reps: number; seed: number }): CellResult[] {
  const truths = opts.taus.map((t) => truthAt(opts.world, t));
  const acc = opts.taus.map(() => METRICS.map(() => ({ sum: 0, sum2: 0, covered: 0, n: 0 })));
  for (let r = 0; r < opts.reps; r++) {
    const estimates = simulateRun({ ...opts, seed: opts.seed * 100_003 + r });
    estimates.forEach((est, k) => {
      METRICS.forEach((metric, m) => {
        const iv = est[metric];
        const truth = truths[k]![metric];
        if (iv === null || Number.isNaN(truth)) return;
        const a = acc[k]![m]!;
        a.sum += iv.raw;
        a.sum2 += iv.raw * iv.raw;
        a.n++;
        if (iv.low <= truth + 1e-9 && truth <= iv.high + 1e-9) a.covered++;
      });
    });
  }
  return opts.taus.flatMap((tau, k) =>
    METRICS.map((metric, m) => {
      const a = acc[k]![m]!;
      const mean = a.sum / Math.max(1, a.n);
      const sd = Math.sqrt(Math.max(0, a.sum2 / Math.max(1, a.n) - mean * mean));
      return { tau, metric, truth: truths[k]![metric], mean, mcSe: sd / Math.sqrt(Math.max(1, a.n)), coverage: a.covered / Math.max(1, a.n), reps: a.n };
    }),
  );
}

/** τ and the two τ′ the simulations estimate at: one logit unit either side of τ. */
export function thresholdsFor(tau: number): number[] {
  return [tau, sigmoid(logit(tau) - 1), sigmoid(logit(tau) + 1)];
}

export const SIM_TAUS = [0.01, 0.1, 0.5, 0.9, 0.99];

/** A cell's mean raw estimate is within 4 Monte-Carlo standard errors of the truth (recall is a ratio: not checked). */
export function unbiasedMetrics(results: readonly CellResult[]): CellResult[] {
  return results.filter((r) => r.metric !== "recall");
}
