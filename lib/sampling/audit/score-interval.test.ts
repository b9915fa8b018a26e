import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { neymanAllocation } from "./allocate";
import { constrainedProportion, stratifiedScoreInterval } from "./score-interval";
import { normalQuantile, wilsonInterval } from "./stats";

describe("stratifiedScoreInterval", () => {
  const z = normalQuantile(0.975);

  it("is Wilson's interval for a single cell", () => {
    for (const [x, m] of [[0, 20], [3, 20], [20, 20], [7, 9], [1, 1]] as const) {
      const w = wilsonInterval(x, m, z);
      const s = stratifiedScoreInterval([{ weight: 1, successes: x, trials: m, fpc: 1 }], z);
      expect(s.value).toBeCloseTo(x / m, 12);
      expect(s.low).toBeCloseTo(w.low, 6);
      expect(s.high).toBeCloseTo(w.high, 6);
    }
  });

  it("a census cell is known exactly; zeros keep an upper tail", () => {
    const s = stratifiedScoreInterval([{ weight: 100, successes: 3, trials: 100, fpc: 0 }], z);
    expect(s).toMatchObject({ value: 3, low: 3, high: 3 });
    const zero = stratifiedScoreInterval([{ weight: 1000, successes: 0, trials: 30, fpc: 1 }, { weight: 500, successes: 0, trials: 10, fpc: 1 }], z);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeGreaterThan(0);
  });

  it("property: contains the point; wider at a higher level", () => {
    const cell = fc.record({ weight: fc.double({ min: 0.1, max: 1e4, noNaN: true }), trials: fc.integer({ min: 1, max: 50 }), frac: fc.double({ min: 0, max: 1, noNaN: true }), fpc: fc.double({ min: 0.01, max: 1, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 12 }), (cs) => {
        const cells = cs.map((c) => ({ weight: c.weight, trials: c.trials, successes: Math.round(c.frac * c.trials), fpc: c.fpc }));
        const a = stratifiedScoreInterval(cells, normalQuantile(0.95));
        const b = stratifiedScoreInterval(cells, normalQuantile(0.995));
        expect(a.low).toBeLessThanOrEqual(a.value + 1e-9);
        expect(a.high).toBeGreaterThanOrEqual(a.value - 1e-9);
        expect(b.low).toBeLessThanOrEqual(a.low + 1e-6 * (1 + a.value));
        expect(b.high).toBeGreaterThanOrEqual(a.high - 1e-6 * (1 + a.value));
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it("constrainedProportion solves its stationarity equation", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -500, max: 500, noNaN: true }), (m, frac, a) => {
        const x = Math.round(frac * m);
        const p = constrainedProportion(x, m, a);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        if (p > 1e-9 && p < 1 - 1e-9) expect(x / p - (m - x) / (1 - p)).toBeCloseTo(a, 4);
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe("neymanAllocation", () => {
  it("is proportional to N·S when no floor or cap binds", () => {
    const alloc = neymanAllocation([1000, 1000, 2000], [0.5, 0.25, 0.25], 100, 0);
    expect(alloc).toEqual([40, 20, 40]);
  });

  it("property: sums to the total, respects floors and caps", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ n: fc.integer({ min: 0, max: 200 }), s: fc.double({ min: 0, max: 0.5, noNaN: true }) }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 4 }), fc.double({ min: 0, max: 1, noNaN: true }), (strata, floor, frac) => {
        const sizes = strata.map((s) => s.n);
        const floors = sizes.reduce((a, n) => a + Math.min(n, floor), 0);
        const cap = sizes.reduce((a, b) => a + b, 0);
        const total = floors + Math.floor(frac * (cap - floors));
        const alloc = neymanAllocation(sizes, strata.map((s) => s.s), total, floor);
        expect(alloc.reduce((a, b) => a + b, 0)).toBe(total);
        alloc.forEach((a, h) => {
          expect(a).toBeGreaterThanOrEqual(Math.min(sizes[h]!, floor));
          expect(a).toBeLessThanOrEqual(sizes[h]!);
        });
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it("rejects impossible totals", () => {
    expect(() => neymanAllocation([5, 5], [0.1, 0.1], 11, 0)).toThrow(/exceeds/);
    expect(() => neymanAllocation([5, 5], [0.1, 0.1], 3, 2)).toThrow(/floors/);
  });
});

describe("normalQuantile", () => {
  it("matches known quantiles", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 7);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 6);
    expect(() => normalQuantile(1)).toThrow();
  });
});
