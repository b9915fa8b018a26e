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

// τ = 0.5, default (error-count) allocation, an over-confident model (truth logit 0.6·z + 0.3).
describe("audit estimator on a synthetic pool at τ = 0.5", () => {
  const { q, y } = syntheticPool(20_000, 7, 0.6, 0.3);
  const result = simulateAudits({ q, y, tau: 0.5, budget: 400, sims: 400 });
  console.log(formatSimulation("τ=0.5 errors-objective budget=400 sims=400", result));

  it("stratified: unbiased, 93–97% coverage for FP, FN, errors, cost", () => expectUnbiasedWithCoverage(result, "stratified"));
  it("model-assisted: unbiased, 93–97% coverage", () => expectUnbiasedWithCoverage(result, "stratifiedModelAssisted"));
  it("uniform baseline: unbiased", () => {
    for (const t of TARGETS) expect(Math.abs(result.byMethod.uniform![t].biasZ), t).toBeLessThan(3);
  });

  it("stratified intervals for errors and cost (the allocation's target) are narrower than a uniform audit's", () => {
    for (const t of ["errors", "cost"] as const) {
      expect(result.byMethod.stratified![t].meanWidth, t).toBeLessThan(result.byMethod.uniform![t].meanWidth);
    }
  });

  it("the model-assisted estimator tightens the uniform audit's intervals", () => {
    for (const t of TARGETS) expect(result.byMethod.uniformModelAssisted![t].meanWidth, t).toBeLessThan(result.byMethod.uniform![t].meanWidth);
  });
});
