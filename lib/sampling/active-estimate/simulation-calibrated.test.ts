/**
 * Seeded adaptive runs (8 rounds of 10 certainty units + a Poisson draw of expected size 15, 1,000 items) with a
 * calibrated, never-refit model: the estimator is unbiased and its 95% intervals cover.
 * Bounds are Monte-Carlo honest: bias within 4 MC standard errors (the raw estimates are heavy-tailed — a
 * low-π error weighs 1/(Tπ) — so 4 rather than 3); coverage ≥ 90% over 400 runs for a nominal 95% (a true
 * 95% falls below 90% over 400 runs with probability < 1e-4).
 */
import { describe, expect, it } from "vitest";
import { makeWorld, SIM_TAUS, simulateCell, thresholdsFor, unbiasedMetrics } from "./simulation.fixture";

describe("active estimator, calibrated model, no refits", () => {
  const world = makeWorld(1000, 7, 1);
  for (const tau of SIM_TAUS) {
    it(`τ = ${tau} and two τ′: unbiased FP/FN/precision, ≥ 90% coverage of FP/FN/precision/recall`, () => {
      const results = simulateCell({ world, tau, taus: thresholdsFor(tau), rounds: 8, certain: 10, expectedSize: 15, refits: false, reps: 400, seed: 3 });
      for (const r of unbiasedMetrics(results)) expect(Math.abs(r.mean - r.truth), `${r.metric} at τ′ = ${r.tau}`).toBeLessThanOrEqual(4 * r.mcSe + 1e-9);
      for (const r of results) expect(r.coverage, `${r.metric} at τ′ = ${r.tau}`).toBeGreaterThanOrEqual(0.9);
    });
  }
});
