import { stratifiedScoreInterval, type ScoreCell } from "./score-interval";
import { errorProbability, normalQuantile } from "./stats";
import { AuditInputError, type AuditCellSummary, type AuditEstimate, type AuditLabel, type AuditPlan, type Costs, type Interval } from "./types";
import { checkCosts, checkQ, checkTau } from "./validate";

export interface EstimateAuditOptions {
  plan: AuditPlan;
  /** Threshold whose decisions are audited (normally plan.tau; another τ post-stratifies by decision). */
  tau: number;
  /** Audit labels: items of plan.order, normally a prefix of it. */
  labeled: readonly AuditLabel[];
  /** Default c_FP = τ, c_FN = 1 − τ. */
  costs?: Costs;
  /** Difference estimator with f = q (Zrnic & Candès 2024). Default false. */
  modelAssisted?: boolean;
  /** Current q for the whole pool when it differs from the plan's (a new model); default plan.q. */
  q?: ArrayLike<number>;
  /** Confidence level, default 0.95. */
  level?: number;
}

/** Pseudo-draws given to a cell without labels: imputed at the model's error rate, as uncertain as one draw. */
const IMPUTED_TRIALS = 1;
/** Pseudo-degrees of freedom of the model's variance in the model-assisted variance (see the record). */
const PRIOR_DF = 1;

interface Cell {
  stratum: number;
  decision: 0 | 1;
  size: number;
  labeled: number;
  errors: number;
  /** Σ e_j and Σ e_j(1 − e_j) over the cell's pool items (model error probability e). */
  sumE: number;
  sumVarE: number;
  /** Over labeled items: Σ r, Σ r² with r = 1[error] − e. */
  sumR: number;
  sumR2: number;
}

/**
 * Unbiased estimates of the false positives, false negatives, errors, error rate and decision cost of the
 * decisions d = 1[q ≥ τ] over the whole pool, from the audit labels of a frozen plan (§5).
 *
 * The estimator works on cells = (stratum, decision); the labeled items of a cell are a simple random sample
 * of it (given how many fell in it), so T̂ = Σ_c coef_c·N_c·(errors_c/m_c) is unbiased; with the plan's τ the
 * cells are the strata. Intervals: the stratified score interval (score-interval.ts) with finite-population
 * correction. A cell with m_c = 0 is imputed at the model's mean error probability with the uncertainty of a
 * single draw (see docs/decisions/audit-estimator.md). With `modelAssisted`, the point is the difference
 * estimator Σ_j f_j + Σ_c N_c·mean_c(y − f) (f = the model's error probability), and its interval keeps the
 * score interval, on cells carrying the corrected proportions with effective sample sizes.
 */
export function estimateAudit(options: EstimateAuditOptions): AuditEstimate {
  const { plan, labeled } = options;
  checkPlan(plan);
  const tau = checkTau(options.tau);
  const costs = checkCosts(options.costs, tau);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new AuditInputError(`level must be in (0, 1), got ${String(level)}`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const N = plan.poolSize;
  const poolQ = options.q ?? plan.q;
  if (options.q !== undefined) {
    checkQ(options.q);
    if (options.q.length !== N) throw new AuditInputError(`q has ${options.q.length} items, the plan's pool has ${N}`);
  }
  if (!Array.isArray(labeled)) throw new AuditInputError("labeled must be an array");

  const H = plan.strata.length;
  const cells: Cell[] = [];
  for (let h = 0; h < H; h++) {
    for (const decision of [0, 1] as const) cells.push({ stratum: h, decision, size: 0, labeled: 0, errors: 0, sumE: 0, sumVarE: 0, sumR: 0, sumR2: 0 });
  }
  const cellOf = (i: number) => 2 * plan.assignments[i]! + (poolQ[i]! >= tau ? 1 : 0);
  for (let i = 0; i < N; i++) {
    const cell = cells[cellOf(i)]!;
    const e = errorProbability(poolQ[i]!, tau);
    cell.size++;
    cell.sumE += e;
    cell.sumVarE += e * (1 - e);
  }

  // Position of each drawn item within its stratum's draw sequence, to report labels taken out of order.
  const positionInStratum = new Int32Array(N).fill(-1);
  const drawnSoFar = new Int32Array(H);
  for (const item of plan.order) positionInStratum[item] = drawnSoFar[plan.assignments[item]!]!++;
  const labeledInStratum = new Int32Array(H);
  const seen = new Uint8Array(N);
  for (const [k, label] of labeled.entries()) {
    const { index, y, q } = label;
    if (!Number.isInteger(index) || index < 0 || index >= N) throw new AuditInputError(`labeled[${k}].index must be an integer in [0, ${N}), got ${String(index)}`);
    if (y !== 0 && y !== 1) throw new AuditInputError(`labeled[${k}].y must be 0 or 1, got ${String(y)}`);
    if (typeof q !== "number" || !(q >= 0 && q <= 1)) throw new AuditInputError(`labeled[${k}].q must be in [0, 1], got ${String(q)}`);
    if (Math.abs(q - poolQ[index]!) > 1e-9) {
      throw new AuditInputError(`labeled[${k}].q = ${q} differs from the pool's q = ${poolQ[index]} for item ${index}; pass the current pool q as \`q\``);
    }
    if (plan.rank[index]! < 0) throw new AuditInputError(`labeled[${k}]: item ${index} is not drawn by audit plan ${plan.id}`);
    if (seen[index]) throw new AuditInputError(`labeled[${k}]: item ${index} is labeled twice; resolve to one label first`);
    seen[index] = 1;
    labeledInStratum[plan.assignments[index]!]!++;
    const cell = cells[cellOf(index)]!;
    const decision = q >= tau ? 1 : 0;
    const error = y !== decision ? 1 : 0;
    const r = error - errorProbability(q, tau);
    cell.labeled++;
    cell.errors += error;
    cell.sumR += r;
    cell.sumR2 += r * r;
  }
  let outOfOrder = 0;
  for (const { index } of labeled) if (positionInStratum[index]! >= labeledInStratum[plan.assignments[index]!]!) outOfOrder++;

  const coefficients = {
    falsePositives: (c: Cell) => (c.decision === 1 ? 1 : 0),
    falseNegatives: (c: Cell) => (c.decision === 0 ? 1 : 0),
    errors: () => 1,
    cost: (c: Cell) => (c.decision === 1 ? costs.fp : costs.fn),
  };
  const live = cells.filter((c) => c.size > 0);
  const estimateOf = (coef: (c: Cell) => number): Interval => {
    if (options.modelAssisted) return modelAssistedInterval(live, coef, z);
    const score = stratifiedScoreInterval(live.map((c) => scoreCell(c, coef(c))), z);
    // Cells without labels are imputed from the model, but no data rules out that they hold no errors at all:
    // the lower bound also considers them empty, so a pool with zero errors is never excluded.
    if (!live.some((c) => c.labeled === 0 && coef(c) > 0)) return { value: score.value, low: score.low, high: score.high };
    const labeledOnly = stratifiedScoreInterval(live.map((c) => scoreCell(c, c.labeled === 0 ? 0 : coef(c))), z);
    return { value: score.value, low: Math.min(score.low, labeledOnly.low), high: score.high };
  };
  const falsePositives = estimateOf(coefficients.falsePositives);
  const falseNegatives = estimateOf(coefficients.falseNegatives);
  const errors = estimateOf(coefficients.errors);
  const cost = estimateOf(coefficients.cost);
  const imputed = live.filter((c) => c.labeled === 0);
  return {
    falsePositives,
    falseNegatives,
    errors,
    errorRate: { value: errors.value / N, low: errors.low / N, high: errors.high / N },
    cost,
    tau,
    costs,
    level,
    method: options.modelAssisted ? "model-assisted" : "stratified-score",
    poolSize: N,
    labeled: labeled.length,
    imputedCells: imputed.length,
    imputedShare: imputed.reduce((s, c) => s + c.size, 0) / N,
    outOfOrder,
    cells: live.map(
      (c): AuditCellSummary => ({
        stratum: c.stratum,
        decision: c.decision,
        size: c.size,
        labeled: c.labeled,
        errors: c.errors,
        modelErrorProbability: c.sumE / c.size,
        imputed: c.labeled === 0,
      }),
    ),
  };
}

function scoreCell(c: Cell, coef: number): ScoreCell {
  const weight = coef * c.size;
  if (c.labeled === 0) return { weight, successes: IMPUTED_TRIALS * (c.sumE / c.size), trials: IMPUTED_TRIALS, fpc: 1 };
  const fpc = c.size > 1 ? (c.size - c.labeled) / (c.size - 1) : 0;
  return { weight, successes: c.errors, trials: c.labeled, fpc };
}

/**
 * Difference estimator (model-assisted; Särndal, Swensson & Wretman 1992 §6.3; Zrnic & Candès 2024).
 * Per cell the point is N_c·(x̄_c + δ_c) with δ_c = mean_pool f − mean_labeled f, unbiased for any fixed f.
 * Its variance N_c²(1 − m/N)·s²_r/m uses the residual variance s²_r pooled with PRIOR_DF pseudo-degrees of
 * freedom at the model's residual variance mean e(1 − e); the plain estimator's s²_x gets the same pooling at
 * p̄(1 − p̄). The interval is the stratified score interval on cells that carry the corrected proportion
 * x̄ + δ (clamped to [0, 1]) with effective trials m·s²_x/s²_r — the effective-sample-size device of
 * Korn & Graubard (1998) — so counts near zero keep Wilson's asymmetry.
 */
function modelAssistedInterval(cells: readonly Cell[], coef: (c: Cell) => number, z: number): Interval {
  let value = 0;
  let bound = 0;
  const scoreCells: ScoreCell[] = [];
  for (const c of cells) {
    const a = coef(c);
    bound += a * c.size;
    if (a === 0) continue;
    if (c.labeled === 0) {
      value += a * c.sumE;
      scoreCells.push(scoreCell(c, a));
      continue;
    }
    const m = c.labeled;
    const meanE = c.sumE / c.size;
    const corrected = c.errors / m + (c.sumE / c.size - (c.errors - c.sumR) / m);
    value += a * c.size * corrected;
    const ssR = Math.max(0, c.sumR2 - (c.sumR * c.sumR) / m);
    const ssX = c.errors - (c.errors * c.errors) / m;
    const s2R = (ssR + PRIOR_DF * (c.sumVarE / c.size)) / (m - 1 + PRIOR_DF);
    const s2X = (ssX + PRIOR_DF * meanE * (1 - meanE)) / (m - 1 + PRIOR_DF);
    const trials = s2R > 0 ? (m * s2X) / s2R : m;
    const p = Math.min(1, Math.max(0, corrected));
    const fpc = c.size > 1 ? (c.size - m) / (c.size - 1) : 0;
    scoreCells.push({ weight: a * c.size, successes: p * trials, trials, fpc });
  }
  const score = stratifiedScoreInterval(scoreCells, z);
  // The difference estimator can fall just outside [0, bound]; it is reported unclamped (clamping would bias it).
  return { value, low: Math.min(value, Math.max(0, score.low)), high: Math.max(value, Math.min(bound, score.high)) };
}

function checkPlan(plan: AuditPlan): void {
  if (plan == null || typeof plan !== "object") throw new AuditInputError("plan must be an AuditPlan");
  const N = plan.poolSize;
  if (!Number.isInteger(N) || N < 1) throw new AuditInputError("plan.poolSize must be a positive integer");
  if (plan.assignments?.length !== N || plan.rank?.length !== N || plan.q?.length !== N) {
    throw new AuditInputError("plan.assignments, plan.rank and plan.q must each have poolSize entries");
  }
  if (!Array.isArray(plan.strata) || plan.strata.length === 0) throw new AuditInputError("plan.strata must be a non-empty array");
  for (let i = 0; i < N; i++) {
    const h = plan.assignments[i]!;
    if (!(h >= 0 && h < plan.strata.length)) throw new AuditInputError(`plan.assignments[${i}] = ${h} is not a stratum`);
  }
}
