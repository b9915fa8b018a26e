import { describe, expect, it } from "vitest";
import { TARGETS, formatSimulation, simulateAudits, syntheticPool } from "./simulation.fixture";

function expectUnbiasedWithCoverage(result: ReturnType<typeof simulateAudits>, method: string): void {
  for (const t of TARGETS) {
    const s = result.byMethod[method]![t];
    expect(Math.abs(s.biasZ), `${method} ${t} bias z`).toBeLessThan(3);
    expect(s.coverage, `${method} ${t} coverage`).toBeGreaterThanOrEqual(0.93);
    expect(s.coverage, `${method} ${t} coverage`).toBeLessThanOrEqual(0.97);
  }
}

// Only the first 100 of 400 planned draws labeled: per-stratum samples of 0–5, some strata imputed.
describe("audit estimator from a partly labeled plan", () => {
  const { q, y } = syntheticPool(20_000, 11, 1, 0);
  const result = simulateAudits({ q, y, tau: 0.5, budget: 400, sims: 400, prefix: 100, compare: false });
  console.log(formatSimulation("τ=0.5 calibrated prefix=100/400 sims=400", result));

  it("stays unbiased with 93–97% coverage", () => expectUnbiasedWithCoverage(result, "stratified"));
});
