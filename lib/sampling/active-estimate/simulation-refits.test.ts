/**
 * A model over-confident in its tails (logit ×2), Platt-refit on all labels before every round: π and the
 * control variate come from the lagged (previous round's) refit; the decisions estimated are the original
 * model's, fixed. 12 rounds of 10 certainty units + a Poisson draw of expected size 15 on 1,000 items.
 * Bounds as in simulation-calibrated.test.ts: bias within 4 MC standard errors, coverage ≥ 90% over 400 runs.
 */
import { describe, expect, it } from "vitest";
import { makeWorld, SIM_TAUS, simulateCell, thresholdsFor, unbiasedMetrics } from "./simulation.fixture";

describe("active estimator, over-confident model, refits between rounds", () => {
  const world = makeWorld(1000, 7, 2);
  for (const tau of SIM_TAUS) {
    it(`τ = ${tau} and two τ′: unbiased FP/FN/precision, ≥ 90% coverage of FP/FN/precision/recall`, () => {
      const results = simulateCell({ world, tau, taus: thresholdsFor(tau), rounds: 12, certain: 10, expectedSize: 15, refits: true, reps: 400, seed: 3 });
      for (const r of unbiasedMetrics(results)) expect(Math.abs(r.mean - r.truth), `${r.metric} at τ′ = ${r.tau}`).toBeLessThanOrEqual(4 * r.mcSe + 1e-9);
      for (const r of results) expect(r.coverage, `${r.metric} at τ′ = ${r.tau}`).toBeGreaterThanOrEqual(0.9);
    });
  }
});
