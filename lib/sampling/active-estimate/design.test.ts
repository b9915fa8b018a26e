import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../model/rng";
import { inclusionProbabilities, planRound, poissonDraw } from "./design";
import { ActiveEstimateInputError } from "./types";

const qArb = fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5)), { minLength: 1, maxLength: 60 });
const tauArb = fc.double({ min: 0.001, max: 0.999, noNaN: true });

describe("inclusionProbabilities", () => {
  it("puts every π in (0, 1] and sums to min(m, n)", () => {
    fc.assert(
      fc.property(qArb, tauArb, fc.double({ min: 0.01, max: 80, noNaN: true }), (q, tau, m) => {
        const pi = inclusionProbabilities({ q, tau, expectedSize: m });
        expect(pi.length).toBe(q.length);
        let sum = 0;
        for (const p of pi) {
          expect(p).toBeGreaterThan(0);
          expect(p).toBeLessThanOrEqual(1);
          sum += p;
        }
        expect(Math.abs(sum - Math.min(m, q.length))).toBeLessThan(1e-9 * q.length + 1e-9);
      }),
    );
  });

  it("is the capped mixture 0.5·risk + 0.45·uncertainty + 0.05 uniform (hand-computed)", () => {
    const q = [0.5, 0.1, 0.9, 0];
    const tau = 0.5;
    const risk = q.map((v) => Math.min(0.5 * (1 - v), 0.5 * v));
    const unc = q.map((v) => Math.sqrt(v * (1 - v)));
    const sr = risk.reduce((a, b) => a + b);
    const su = unc.reduce((a, b) => a + b);
    const w = q.map((_, i) => (0.5 * risk[i]!) / sr + (0.45 * unc[i]!) / su + 0.05 / 4);
    const pi = inclusionProbabilities({ q, tau, expectedSize: 1 });
    w.forEach((wi, i) => expect(pi[i]).toBeCloseTo(wi, 12));
    // With m = 2 the first item's 2·w > 1: it is capped at 1 and the others share the remaining 1.
    const capped = inclusionProbabilities({ q, tau, expectedSize: 2 });
    expect(capped[0]).toBe(1);
    const rest = w.slice(1).reduce((a, b) => a + b);
    for (let i = 1; i < 4; i++) expect(capped[i]).toBeCloseTo(w[i]! / rest, 12);
  });

  it("gives a component without mass to the uniform floor (all q at 0 or 1)", () => {
    const pi = inclusionProbabilities({ q: [0, 1, 0, 1], tau: 0.3, expectedSize: 2 });
    expect(Array.from(pi)).toEqual([0.5, 0.5, 0.5, 0.5]);
  });

  it("rejects invalid input with a message naming the field", () => {
    expect(() => inclusionProbabilities({ q: [0.2, 1.5], tau: 0.5, expectedSize: 1 })).toThrow(/q\[1\]/);
    expect(() => inclusionProbabilities({ q: [0.2], tau: 1, expectedSize: 1 })).toThrow(/tau/);
    expect(() => inclusionProbabilities({ q: [0.2], tau: 0.5, expectedSize: 0 })).toThrow(/expectedSize/);
    expect(() => inclusionProbabilities({ q: [0.2], tau: 0.5, expectedSize: 1, mix: { risk: 1, uncertainty: 0, uniform: 0 } })).toThrow(ActiveEstimateInputError);
  });
});

describe("the draw", () => {
  it("draws each item with exactly its recorded π (checked by repeating the draw)", () => {
    // 4,000 repetitions per pool; each item's frequency must lie within 4.5 binomial standard errors of π.
    // π ≥ 0.0075 here (the floor), so even the smallest expected count is 30 and a false alarm per item is
    // ~1e-4; the fast-check seed is fixed so the run is reproducible.
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 20 }), tauArb, fc.integer({ min: 1, max: 1e6 }), (q, tau, seed) => {
        const certain = [0];
        const reps = 4000;
        const hits = new Float64Array(q.length);
        let recorded: Float64Array | null = null;
        const rng = mulberry32(seed);
        for (let r = 0; r < reps; r++) {
          const plan = planRound({ q, tau, expectedSize: 3, certain, rng });
          recorded ??= plan.pi;
          expect(Array.from(plan.pi)).toEqual(Array.from(recorded)); // π does not depend on the draw
          expect(plan.random.includes(0)).toBe(false);
          hits[0]!++; // the certainty unit is always served
          for (const i of plan.random) hits[i]!++;
        }
        for (let i = 0; i < q.length; i++) {
          const p = recorded![i]!;
          expect(Math.abs(hits[i]! / reps - p)).toBeLessThanOrEqual(4.5 * Math.sqrt((p * (1 - p)) / reps) + 1e-12);
        }
      }),
      { numRuns: 10, seed: 20261130, endOnFailure: true },
    );
  });

  it("rejects a zero π and duplicate certainty units", () => {
    expect(() => poissonDraw([0.5, 0], mulberry32(1))).toThrow(/pi\[1\]/);
    expect(() => planRound({ q: [0.1, 0.2], tau: 0.5, expectedSize: 1, certain: [1, 1], rng: mulberry32(1) })).toThrow(/listed twice/);
    expect(() => planRound({ q: [0.1, 0.2], tau: 0.5, expectedSize: 1, certain: [2], rng: mulberry32(1) })).toThrow(/certain\[0\]/);
  });
});
