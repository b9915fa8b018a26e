/** Types shared by the audit plan and its estimators (§5 of docs/design sampling.md). */

/** Thrown for invalid input to any audit function; the message names the offending field. */
export class AuditInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditInputError";
  }
}

/** One stratum of a frozen audit plan. `lo`/`hi` are the smallest and largest plan-time q of its members. */
export interface AuditStratum {
  index: number;
  lo: number;
  hi: number;
  /** N_h: items in the stratum. */
  size: number;
  /** n_h: draws allocated (without replacement). */
  draws: number;
  /** π_h = n_h / N_h (0 only when the whole plan has no draws). */
  inclusionProbability: number;
  /** Items decided positive (q ≥ τ) at plan time. */
  decidedPositive: number;
  /** p_h: mean error probability of the plan-time decision (1 − q if decided positive, else q). */
  meanErrorProbability: number;
}

export interface AuditPlan {
  id: string;
  tau: number;
  /** N: pool size. */
  poolSize: number;
  /** Draws actually planned: min(budget, N). */
  budget: number;
  floor: number;
  objective: AuditObjective;
  strata: AuditStratum[];
  /** Stratum index per pool item. */
  assignments: Int32Array;
  /** Item indices in draw order (random within stratum, interleaved across strata). */
  order: Int32Array;
  /** Position of each pool item in `order`, −1 when the item is not drawn. */
  rank: Int32Array;
  /** Plan-time calibrated q per item: decisions and the model-assisted/imputation terms use it. */
  q: Float64Array;
}

/** What the Neyman allocation minimises the variance of: the error count, or the decision cost. */
export type AuditObjective = "errors" | "cost";

export interface Costs {
  fp: number;
  fn: number;
}

export interface AuditLabel {
  index: number;
  y: 0 | 1;
  /** The item's q; must equal the pool q the estimate uses (the plan's, unless `q` is passed). */
  q: number;
}

export interface Interval {
  value: number;
  low: number;
  high: number;
}

/** Per (stratum, decision) cell: the unit the estimator works on. */
export interface AuditCellSummary {
  stratum: number;
  decision: 0 | 1;
  /** Items in the cell. */
  size: number;
  /** Labeled items in the cell (m). */
  labeled: number;
  /** Labeled items whose decision is wrong. */
  errors: number;
  /** Model's mean error probability in the cell. */
  modelErrorProbability: number;
  /** True when m = 0 and the cell was imputed from the model. */
  imputed: boolean;
}

export interface AuditEstimate {
  falsePositives: Interval;
  falseNegatives: Interval;
  errors: Interval;
  errorRate: Interval;
  cost: Interval;
  tau: number;
  costs: Costs;
  level: number;
  method: "stratified-score" | "model-assisted";
  poolSize: number;
  labeled: number;
  /** Cells with no labels, imputed from the model (their share of the pool is `imputedShare`). */
  imputedCells: number;
  imputedShare: number;
  /** Labeled items that are not a prefix of their stratum's draw order (labels skipped out of order). */
  outOfOrder: number;
  cells: AuditCellSummary[];
}
