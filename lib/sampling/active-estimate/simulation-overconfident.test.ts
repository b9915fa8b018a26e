/**
 * A model over-confident in its tails (logit ×2) that is never refit: π and the control variate stay
 * miscalibrated. Unbiasedness holds whatever the model (bias within 4 MC standard errors over 400 runs).
 * Coverage does not: the max rule's V_model trusts q(1 − q) where π is small, and an over-confident tail
 * predicts almost no errors there (assumption 5 of estimate.ts). Measured at 8 rounds: FN coverage 21–74%
 * at τ = 0.01, the other cells 74–100% (docs/decisions/active-estimator.md). The last test pins that known
 * limit, so a change that fixes or worsens it is seen.
 */
import { describe, expect, it } from "vitest";
import { makeWorld, simulateCell, thresholdsFor, unbiasedMetrics, type CellResult } from "./simulation.fixture";

describe("active estimator, over-confident model, no refits", () => {
  const world = makeWorld(1000, 7, 2);
  const byTau = new Map<number, CellResult[]>();
  // Computed once per τ and shared by the tests below, whichever of them runs first (or alone).
  const cell = (tau: number): CellResult[] => {
    if (!byTau.has(tau)) byTau.set(tau, simulateCell({ world, tau, taus: thresholdsFor(tau), rounds: 8, certain: 10, expectedSize: 15, refits: false, reps: 400, seed: 3 }));
    return byTau.get(tau)!;
  };
  // Both tails only: the central cells' unbiasedness is what simulation-calibrated.test.ts already shows.
  for (const tau of [0.01, 0.99]) {
    it(`τ = ${tau} and two τ′: unbiased FP/FN/precision`, () => {
      const results = cell(tau);
      for (const r of unbiasedMetrics(results)) expect(Math.abs(r.mean - r.truth), `${r.metric} at τ′ = ${r.tau}`).toBeLessThanOrEqual(4 * r.mcSe + 1e-9);
    });
  }

  it("known limit: FN intervals in the over-confident low tail under-cover (measured 21% at τ′ = 0.0037)", () => {
    const fn = cell(0.01).find((r) => r.metric === "falseNegatives" && r.tau < 0.01)!;
    expect(fn.coverage).toBeLessThan(0.9);
    // FP at the same thresholds (not a low-π tail) still covers.
    for (const r of cell(0.01).filter((x) => x.metric === "falsePositives")) expect(r.coverage).toBeGreaterThanOrEqual(0.9);
  });
});
