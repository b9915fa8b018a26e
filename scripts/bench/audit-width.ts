/**
 * Width track of the audit estimator (sampling.md §5): the stratified audit's 95% interval for the decision
 * cost at τ against a uniform random audit of the same size, both estimated by the same estimator, on the
 * same early model's q as the estimation track (estimator.ts) and over the same number of repetitions.
 */
import { fitDecisionModel, mulberry32, scoreItems, scoresOnlyConfig } from "../../lib/model/index";
import { estimateAudit, planAudit, uniformAuditBaseline } from "../../lib/sampling/audit/index";
import type { Dataset } from "./data";
import type { Regime } from "./external";

export interface AuditWidthRow {
  dataset: string;
  tau: number;
  budget: number;
  reps: number;
  /** mean width of the 95% cost interval, per 1000 pool items */
  stratifiedWidth: number;
  uniformWidth: number;
  /** uniform width ÷ stratified width (> 1: the stratified audit is narrower) */
  widthRatio: number;
  uniformCoverage95: number;
}

/** q of an early, imperfect model: scores-only, fitted on 20 random labels of the strong-under regime. */
export function earlyModelQ(ds: Dataset, scores: Record<Regime, Float64Array>): Float64Array {
  const s = scores["strong-under"];
  const rng = mulberry32(11);
  const seed = Array.from({ length: 20 }, () => ds.pool[Math.floor(rng() * ds.pool.length)]!);
  const m = fitDecisionModel(seed.map((i) => ({ text: "", score: s[i]!, y: ds.rows[i]!.y, inclusionProbability: 20 / ds.pool.length })), scoresOnlyConfig(), rng);
  return scoreItems(m, ds.pool.map((i) => ({ text: "", score: s[i]! }))).q;
}

export function auditWidthTrack(sets: { ds: Dataset; scores: Record<Regime, Float64Array> }[], taus: number[], reps: number, budget = 200): AuditWidthRow[] {
  const out: AuditWidthRow[] = [];
  for (const { ds, scores } of sets) {
    const q = earlyModelQ(ds, scores);
    const y = ds.pool.map((i) => ds.rows[i]!.y as 0 | 1);
    const N = y.length;
    for (const tau of taus) {
      let truth = 0;
      for (let i = 0; i < N; i++) { const d = q[i]! >= tau; if (d && !y[i]) truth += tau; else if (!d && y[i]) truth += 1 - tau; }
      let ws = 0, wu = 0, coverU = 0;
      for (let r = 0; r < reps; r++) {
        const plan = planAudit({ q, tau, budget, rng: mulberry32(1000 + r) });
        const labeled = Array.from(plan.order.slice(0, budget), (i) => ({ index: i, y: y[i]!, q: q[i]! }));
        const s = estimateAudit({ plan, tau, labeled }).cost;
        ws += s.high - s.low;
        const u = uniformAuditBaseline({ q, tau, budget, rng: mulberry32(5000 + r), label: (i) => y[i]! }).estimate.cost;
        wu += u.high - u.low;
        if (u.low <= truth && truth <= u.high) coverU++;
      }
      const scale = 1000 / N / reps;
      out.push({ dataset: ds.name, tau, budget, reps, stratifiedWidth: ws * scale, uniformWidth: wu * scale, widthRatio: wu / ws, uniformCoverage95: coverU / reps });
    }
  }
  return out;
}
