/**
 * Estimation track (sampling.md §5–6): the audit module's stratified estimate of the decision cost at τ
 * on the pool, against the truth, over repeated audit plans. q = a scores-only model fitted on 20 random
 * labels (an early, imperfect model), scores from the strong-under regime; audit budget 200.
 */
import { fitDecisionModel, mulberry32, scoreItems, scoresOnlyConfig } from "../../lib/model/index";
import { estimateAudit, planAudit } from "../../lib/sampling/audit/index";
import type { Dataset } from "./data";
import type { Regime } from "./external";

export function estimatorTrack(sets: { ds: Dataset; scores: Record<Regime, Float64Array> }[], taus: number[], reps: number): { dataset: string; tau: number; coverage95: number; bias: number; rmse: number; reps: number; truth: number }[] {
  const out = [];
  for (const { ds, scores } of sets) {
    const s = scores["strong-under"];
    const rng0 = mulberry32(11);
    const seed = Array.from({ length: 20 }, () => ds.pool[Math.floor(rng0() * ds.pool.length)]!);
    const m = fitDecisionModel(seed.map((i) => ({ text: "", score: s[i]!, y: ds.rows[i]!.y, inclusionProbability: 20 / ds.pool.length })), scoresOnlyConfig(), rng0);
    const q = scoreItems(m, ds.pool.map((i) => ({ text: "", score: s[i]! }))).q;
    const y = ds.pool.map((i) => ds.rows[i]!.y);
    const N = y.length;
    for (const tau of taus) {
      let truth = 0;
      for (let i = 0; i < N; i++) { const d = q[i]! >= tau; if (d && !y[i]) truth += tau; else if (!d && y[i]) truth += 1 - tau; }
      let cover = 0, bias = 0, se = 0;
      for (let r = 0; r < reps; r++) {
        const rng = mulberry32(1000 + r);
        const plan = planAudit({ q, tau, budget: 200, rng });
        const labeled = Array.from(plan.order.slice(0, 200), (i) => ({ index: i, y: y[i]!, q: q[i]! }));
        const est = estimateAudit({ plan, tau, labeled });
        if (est.cost.low <= truth && truth <= est.cost.high) cover++;
        const err = ((est.cost.value - truth) * 1000) / N;
        bias += err;
        se += err * err;
      }
      out.push({ dataset: ds.name, tau, coverage95: cover / reps, bias: bias / reps, rmse: Math.sqrt(se / reps), reps, truth: (truth * 1000) / N });
    }
  }
  return out;
}
