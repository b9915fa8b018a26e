/** Synthetic pools with known truth for the audit simulations (test support only). */
import { uniformAuditBaseline } from "./baseline";
import { estimateAudit } from "./estimate";
import { planAudit } from "./plan";
import { mulberry32 } from "./stats";
import type { AuditEstimate, AuditObjective } from "./types";

export type Target = "falsePositives" | "falseNegatives" | "errors" | "cost";
export const TARGETS: Target[] = ["falsePositives", "falseNegatives", "errors", "cost"];

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * N items, logit z from a 70/30 mixture of N(−2.5, 1.5²) and N(1.5, 1.5²), model q = σ(z), and the truth
 * y ~ Bernoulli(σ(a·z + b)): a = 1, b = 0 is calibrated, a < 1 an over-confident model. One fixed draw.
 */
export function syntheticPool(N: number, seed: number, a: number, b: number): { q: Float64Array; y: Uint8Array } {
  const rng = mulberry32(seed);
  const q = new Float64Array(N);
  const y = new Uint8Array(N);
  for (let i = 0; i < N; i++) {
    const u = Math.max(rng(), 1e-300);
    const gauss = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
    const z = rng() < 0.7 ? -2.5 + 1.5 * gauss : 1.5 + 1.5 * gauss;
    q[i] = sigmoid(z);
    y[i] = rng() < sigmoid(a * z + b) ? 1 : 0;
  }
  return { q, y };
}

export interface Summary {
  truth: number;
  meanBias: number;
  /** Mean bias ÷ its standard error (sd/√sims). */
  biasZ: number;
  rmse: number;
  coverage: number;
  meanWidth: number;
}

export interface SimulationResult {
  truth: Record<Target, number>;
  byMethod: Record<string, Record<Target, Summary>>;
}

/**
 * Design-based simulation: the pool and its labels are fixed; each run draws a new plan (seed 1000 + s),
 * labels the first `prefix` items of its order, and estimates. The uniform audit of the same size is drawn
 * from the same rng stream after the plan.
 */
export function simulateAudits(opts: {
  q: Float64Array;
  y: Uint8Array;
  tau: number;
  budget: number;
  sims: number;
  prefix?: number;
  objective?: AuditObjective;
  /** Also run the uniform baseline and the model-assisted estimators (default true). */
  compare?: boolean;
}): SimulationResult {
  const compare = opts.compare ?? true;
  const { q, y, tau, budget, sims } = opts;
  const prefix = opts.prefix ?? budget;
  const costs = { fp: tau, fn: 1 - tau };
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < q.length; i++) {
    if (q[i]! >= tau && y[i] === 0) fp++;
    if (q[i]! < tau && y[i] === 1) fn++;
  }
  const truth: Record<Target, number> = { falsePositives: fp, falseNegatives: fn, errors: fp + fn, cost: costs.fp * fp + costs.fn * fn };
  const runs: Record<string, AuditEstimate[]> = { stratified: [], stratifiedModelAssisted: [], uniform: [], uniformModelAssisted: [] };
  for (let s = 0; s < sims; s++) {
    const rng = mulberry32(1000 + s);
    const plan = planAudit({ q, tau, budget, rng, objective: opts.objective });
    const labeled = Array.from(plan.order.subarray(0, prefix), (index) => ({ index, y: y[index] as 0 | 1, q: q[index]! }));
    runs.stratified!.push(estimateAudit({ plan, tau, labeled }));
    if (!compare) continue;
    runs.stratifiedModelAssisted!.push(estimateAudit({ plan, tau, labeled, modelAssisted: true }));
    const uniform = uniformAuditBaseline({ q, tau, budget, rng, label: (i) => y[i] as 0 | 1, labels: prefix });
    runs.uniform!.push(uniform.estimate);
    runs.uniformModelAssisted!.push(estimateAudit({ plan: uniform.plan, tau, labeled: uniform.labeled, modelAssisted: true }));
  }
  const byMethod: SimulationResult["byMethod"] = {};
  for (const [method, estimates] of Object.entries(runs)) {
    if (estimates.length === 0) continue;
    byMethod[method] = Object.fromEntries(TARGETS.map((t) => [t, summarise(estimates, t, truth[t])])) as Record<Target, Summary>;
  }
  return { truth, byMethod };
}

function summarise(estimates: AuditEstimate[], target: Target, truth: number): Summary {
  const n = estimates.length;
  const errs = estimates.map((e) => e[target].value - truth);
  const meanBias = errs.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(errs.reduce((a, e) => a + (e - meanBias) ** 2, 0) / (n - 1));
  return {
    truth,
    meanBias,
    biasZ: sd > 0 ? meanBias / (sd / Math.sqrt(n)) : 0,
    rmse: Math.sqrt(errs.reduce((a, e) => a + e * e, 0) / n),
    coverage: estimates.filter((e) => e[target].low <= truth && truth <= e[target].high).length / n,
    meanWidth: estimates.reduce((a, e) => a + e[target].high - e[target].low, 0) / n,
  };
}

/** One line per method and target, for the test log and the decision record. */
export function formatSimulation(label: string, result: SimulationResult): string {
  const lines = [`${label} truth=${JSON.stringify(result.truth)}`];
  for (const [method, byTarget] of Object.entries(result.byMethod)) {
    for (const t of TARGETS) {
      const s = byTarget[t];
      lines.push(
        `${method.padEnd(24)} ${t.padEnd(15)} bias=${s.meanBias.toFixed(2)} (z=${s.biasZ.toFixed(2)}) rmse=${s.rmse.toFixed(1)} coverage=${s.coverage.toFixed(3)} width=${s.meanWidth.toFixed(1)}`,
      );
    }
  }
  return lines.join("\n");
}
