import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultModelConfig, fitDecisionModel, priorModel, scoreItems, scoresOnlyConfig, type ModelConfig } from "../model/index";
import { mulberry32 } from "../model/rng";
import { rankPool } from "./rank-pool";
import { STRATEGY_NAMES, DEFAULT_STRATEGY } from "./registry";
import { scoreExamples, synthScores, synthTexts } from "./testing/fixtures";
import { TIER_BATCH, TIER_SOFT, TIER_VALUE } from "./tie-rule";

const textCfg: ModelConfig = {
  ...defaultModelConfig(true),
  text: { bits: 12, tokenizer: { wordNgrams: [1, 2], charNgrams: null, lowercase: true, maxChars: 400 }, wordWeight: 1, charWeight: 0 },
  ensembleSize: 3,
  memberIter: 10,
};

function scoresCase(seed: number, nTrain: number, nPool: number) {
  const { s, y } = synthScores(seed, nTrain + nPool);
  const model = fitDecisionModel(scoreExamples(s.slice(0, nTrain), y.slice(0, nTrain)), scoresOnlyConfig(), mulberry32(seed));
  const items = s.slice(nTrain).map((v) => ({ text: "", score: v }));
  return { model, items, scored: scoreItems(model, items) };
}

function textCase(seed: number) {
  const tr = synthTexts(seed, 40), po = synthTexts(seed + 1, 60);
  const sc = (i: number) => 1 / (1 + Math.exp(-((i % 7) - 3)));
  const model = fitDecisionModel(tr.text.map((t, i) => ({ text: t, score: sc(i), y: tr.y[i]!, inclusionProbability: i % 4 === 0 ? 0.1 : null })), textCfg, mulberry32(seed));
  const items = po.text.map((t, i) => ({ text: t, score: sc(i + 3) }));
  return { model, items, scored: scoreItems(model, items) };
}

describe("strategies", () => {
  const cases = { scores: scoresCase(1, 50, 80), text: textCase(2) };
  for (const [kind, c] of Object.entries(cases)) {
    for (const strategy of STRATEGY_NAMES) {
      it(`${strategy} on a ${kind} model: deterministic under a seed, finite priorities, batch = top priorities`, () => {
        const run = (seed: number) => rankPool({ ...c, tau: 0.8, strategy, batchSize: 7, selfValue: 0, rng: mulberry32(seed) });
        const a = run(9), b = run(9);
        expect(Array.from(a.priority)).toEqual(Array.from(b.priority));
        expect(Array.from(a.batch)).toEqual(Array.from(b.batch));
        expect(a.priority.every(Number.isFinite)).toBe(true);
        expect(new Set(a.batch).size).toBe(7);
        const top = Array.from(a.priority.keys()).sort((i, j) => a.priority[j]! - a.priority[i]!).slice(0, 7);
        expect(new Set(top)).toEqual(new Set(a.batch));
        if (strategy === "random") expect(Array.from(run(10).priority)).not.toEqual(Array.from(a.priority));
      });
    }
  }
  it("the default strategy is a registered name", () => {
    expect(STRATEGY_NAMES).toContain(DEFAULT_STRATEGY);
  });
  it("rejects invalid input", () => {
    const c = cases.scores;
    expect(() => rankPool({ ...c, tau: 1, strategy: "edv", batchSize: 5, selfValue: 0, rng: mulberry32(1) })).toThrow(/tau/);
    expect(() => rankPool({ ...c, tau: 0.5, strategy: "edv", batchSize: 0, selfValue: 0, rng: mulberry32(1) })).toThrow(/batchSize/);
    expect(() => rankPool({ ...c, tau: 0.5, strategy: "nope" as never, batchSize: 5, selfValue: 0, rng: mulberry32(1) })).toThrow(/unknown strategy/);
    expect(() => rankPool({ ...c, items: c.items.slice(1), tau: 0.5, strategy: "edv", batchSize: 5, selfValue: 0, rng: mulberry32(1) })).toThrow(/one entry per item/);
  });
});

describe("EDV properties (fast-check)", () => {
  it("EDV >= 0, EDF >= 0, and EDV = 0 wherever no label flips anything (selfValue 0)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 5, max: 80 }), fc.double({ min: 0.02, max: 0.98, noNaN: true }), (seed, nTrain, tau) => {
        const c = scoresCase(seed, nTrain, 40);
        const r = rankPool({ ...c, tau, strategy: "edv", batchSize: 3, selfValue: 0, rng: mulberry32(seed) });
        for (let i = 0; i < 40; i++) {
          expect(r.edv![i]!).toBeGreaterThanOrEqual(0);
          expect(r.edf![i]!).toBeGreaterThanOrEqual(0);
          if (r.edf![i] === 0) expect(r.edv![i]).toBe(0);
        }
      }),
      { numRuns: 40 },
    );
  });
  it("EDV = 0 for every candidate when the whole pool is far past a confident threshold", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const rng = mulberry32(seed);
        // a well-determined model: 400 labels from q = s; pool scores in [0.97, 0.999], τ = 0.2
        const tr = Array.from({ length: 400 }, () => { const s = rng(); return { text: "", score: s, y: (rng() < s ? 1 : 0) as 0 | 1, inclusionProbability: null }; });
        const model = fitDecisionModel(tr, scoresOnlyConfig(), rng);
        const items = Array.from({ length: 30 }, () => ({ text: "", score: 0.97 + 0.029 * rng() }));
        const r = rankPool({ model, items, scored: scoreItems(model, items), tau: 0.2, strategy: "edv", batchSize: 3, selfValue: 0, rng });
        expect(Array.from(r.edv!).every((v) => v === 0)).toBe(true);
        // ...and then the tie rule orders them by the soft key, below any positive-value tier
        expect(Array.from(r.priority).every((p) => p < TIER_VALUE || p >= TIER_BATCH)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });
  it("selfValue adds w_self · r(q_i) to EDV", () => {
    const c = scoresCase(3, 30, 20);
    const a = rankPool({ ...c, tau: 0.4, strategy: "edv", batchSize: 2, selfValue: 0, rng: mulberry32(1) });
    const b = rankPool({ ...c, tau: 0.4, strategy: "edv", batchSize: 2, selfValue: 1, rng: mulberry32(1) });
    for (let i = 0; i < 20; i++) {
      const q = c.scored.q[i]!;
      expect(b.edv![i]! - a.edv![i]!).toBeCloseTo(Math.min(0.4 * (1 - q), 0.6 * q), 12);
    }
  });
});

describe("tie rule", () => {
  it("ranks zero-EDV candidates by expected boundary movement, never above positive-EDV ones", () => {
    // sparse pool: nothing lies near the crossing point, so one label flips nothing for most candidates
    const { s, y } = synthScores(11, 60);
    const model = fitDecisionModel(scoreExamples(s, y), scoresOnlyConfig(), mulberry32(1));
    const items = [0.02, 0.05, 0.3, 0.5, 0.7, 0.95, 0.98].map((v) => ({ text: "", score: v }));
    const scored = scoreItems(model, items);
    const r = rankPool({ model, items, scored, tau: 0.15, strategy: "edv", batchSize: 1, selfValue: 0, rng: mulberry32(1) });
    const zero = items.map((_, i) => i).filter((i) => r.edv![i] === 0 && !r.batch.includes(i));
    const pos = items.map((_, i) => i).filter((i) => r.edv![i]! > 0 && !r.batch.includes(i));
    expect(zero.length).toBeGreaterThan(1);
    for (const i of zero) { expect(r.priority[i]!).toBeGreaterThanOrEqual(TIER_SOFT); expect(r.priority[i]!).toBeLessThan(TIER_VALUE); }
    for (const i of pos) expect(r.priority[i]!).toBeGreaterThanOrEqual(TIER_VALUE);
    // soft key = expected |movement| of u at the crossing = 2c·|ψ*ᵀH⁻¹ψ_i| / (1 + cℓ²) — compute independently
    const [w0, w1] = model.low as [number, number];
    const H = model.lowHessian;
    const det = H[0]! * H[3]! - H[1]! * H[2]!;
    const Hi = [H[3]! / det, -H[1]! / det, -H[2]! / det, H[0]! / det];
    const xs = Math.log(0.15 / 0.85);
    const xStar = items.map((it) => Math.log(it.score / (1 - it.score))).filter((x) => w0 + w1 * x >= xs).sort((a, b) => a - b)[0]!;
    const soft = (i: number) => {
      const x = Math.log(items[i]!.score / (1 - items[i]!.score));
      const q = scored.q[i]!;
      const v = [Hi[0]! + Hi[1]! * x, Hi[2]! + Hi[3]! * x];
      const l2 = v[0]! + x * v[1]!;
      return (2 * q * (1 - q) * Math.abs(v[0]! + xStar * v[1]!)) / (1 + q * (1 - q) * l2);
    };
    const byPriority = [...zero].sort((i, j) => r.priority[j]! - r.priority[i]!);
    const bySoft = [...zero].sort((i, j) => soft(j) - soft(i));
    expect(byPriority).toEqual(bySoft);
  });
  it("prior model: all scores-only candidates valued, batch drawn", () => {
    const model = priorModel(true, scoresOnlyConfig());
    const items = [0.1, 0.4, 0.6, 0.9].map((v) => ({ text: "", score: v }));
    const r = rankPool({ model, items, scored: scoreItems(model, items), tau: 0.5, strategy: "edv", batchSize: 2, selfValue: 0, rng: mulberry32(1) });
    expect(r.batch.length).toBe(2);
  });
});
