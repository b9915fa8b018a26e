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

// τ = 0.9 (FP rare, FN common), allocation for the decision cost, the same over-confident model.
describe("audit estimator on a synthetic pool at τ = 0.9, cost allocation", () => {
  const { q, y } = syntheticPool(20_000, 7, 0.6, 0.3);
  const result = simulateAudits({ q, y, tau: 0.9, budget: 400, sims: 400, objective: "cost" });
  console.log(formatSimulation("τ=0.9 cost-objective budget=400 sims=400", result));

  it("stratified: unbiased, 93–97% coverage for FP, FN, errors, cost", () => expectUnbiasedWithCoverage(result, "stratified"));
  it("model-assisted: unbiased, 93–97% coverage", () => expectUnbiasedWithCoverage(result, "stratifiedModelAssisted"));

  it("cost and false-positive intervals are narrower than a uniform audit's", () => {
    for (const t of ["cost", "falsePositives"] as const) {
      expect(result.byMethod.stratified![t].meanWidth, t).toBeLessThan(result.byMethod.uniform![t].meanWidth);
    }
  });
});
