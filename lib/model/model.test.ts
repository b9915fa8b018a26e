import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultModelConfig, fitDecisionModel, priorModel, scoreItems, scoresOnlyConfig, type ModelConfig } from "./index";
import { FeatureHasher, DEFAULT_FEATURES } from "./feature-hasher";
import { fitCalibrationMap } from "./calibration";
import { minimizeLbfgs } from "./lbfgs";
import { mulberry32 } from "./rng";

const small: ModelConfig = {
  ...defaultModelConfig(true),
  text: { ...DEFAULT_FEATURES, bits: 12 },
  ensembleSize: 3,
  memberIter: 10,
};

function texts(seed: number, n: number) {
  const rng = mulberry32(seed);
  const pos = ["free prize now", "win cash", "claim your reward"], neg = ["see you at lunch", "ok thanks", "call me later"];
  return Array.from({ length: n }, () => {
    const y = rng() < 0.4 ? 1 : 0;
    const base = (y ? pos : neg)[Math.floor(rng() * 3)]!;
    return { text: `${base} ${Math.floor(rng() * 100)}`, score: Math.min(0.99, Math.max(0.01, (y ? 0.6 : 0.4) + 0.3 * (rng() - 0.5))), y: y as 0 | 1 };
  });
}

describe("decision model", () => {
  it("prior model: q = score with scores, 0.5 without", () => {
    const m = priorModel(true);
    const s = scoreItems(m, [0.01, 0.3, 0.9].map((v) => ({ text: "hello", score: v })));
    [0.01, 0.3, 0.9].forEach((v, i) => expect(s.q[i]).toBeCloseTo(v, 9));
    const t = scoreItems(priorModel(false), [{ text: "hello", score: null }]);
    expect(t.q[0]).toBeCloseTo(0.5, 12);
    expect(t.sigma[0]!).toBeGreaterThan(0);
  });

  it("fits text + score, round-trips through JSON, and ensemble σ varies between items", () => {
    const ex = texts(1, 80).map((e, i) => ({ ...e, inclusionProbability: i % 5 === 0 ? 0.2 : null }));
    const m = fitDecisionModel(ex, small, mulberry32(2));
    expect(m.metrics.labels).toBe(80);
    expect(m.metrics.labelsWithInclusion).toBe(16);
    const items = texts(3, 30);
    const a = scoreItems(m, items);
    const back = JSON.parse(JSON.stringify(m)) as typeof m;
    const b = scoreItems(back, items);
    expect(Array.from(b.q)).toEqual(Array.from(a.q));
    expect(Array.from(b.sigma)).toEqual(Array.from(a.sigma));
    expect(new Set(Array.from(a.sigma, (v) => v.toFixed(6))).size).toBeGreaterThan(5);
    // learned something: positives score higher on average
    const mean = (y: number) => items.reduce((s, it, i) => s + (it.y === y ? a.q[i]! : 0), 0) / items.filter((it) => it.y === y).length;
    expect(mean(1)).toBeGreaterThan(mean(0) + 0.2);
    // chunked scoring equals one call
    const c1 = scoreItems(m, items.slice(0, 10)), c2 = scoreItems(m, items.slice(10));
    expect([...c1.z, ...c2.z]).toEqual(Array.from(a.z));
  });

  it("is deterministic under a seed", () => {
    const ex = texts(4, 40).map((e) => ({ ...e, inclusionProbability: null }));
    expect(JSON.stringify(fitDecisionModel(ex, small, mulberry32(5)))).toBe(JSON.stringify(fitDecisionModel(ex, small, mulberry32(5))));
  });

  it("rejects invalid input", () => {
    expect(() => fitDecisionModel([{ text: "x", score: 1.5, y: 1, inclusionProbability: null }], scoresOnlyConfig(), mulberry32(1))).toThrow(/score/);
    expect(() => fitDecisionModel([{ text: "x", score: 0.5, y: 2 as 1, inclusionProbability: null }], scoresOnlyConfig(), mulberry32(1))).toThrow(/y must be/);
    expect(() => fitDecisionModel([{ text: "x", score: 0.5, y: 1, inclusionProbability: 0 }], scoresOnlyConfig(), mulberry32(1))).toThrow(/inclusion/);
    expect(() => scoreItems(priorModel(true), [{ text: "x", score: null }])).toThrow(/score/);
    expect(() => fitDecisionModel([], { ...scoresOnlyConfig(), ensembleSize: 1 }, mulberry32(1))).toThrow(/ensembleSize/);
  });

  it("scores-only calibrated q is in (0, 1) and monotone in the score (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ s: fc.double({ min: 0, max: 1, noNaN: true }), y: fc.constantFrom(0 as const, 1 as const), pi: fc.option(fc.double({ min: 0.01, max: 1, noNaN: true })) }), { minLength: 0, maxLength: 60 }),
        fc.constantFrom("all" as const, "weighted" as const),
        fc.constantFrom("logit" as const, "beta" as const),
        (rows, calibration, scoreFeatures) => {
          const m = fitDecisionModel(rows.map((r) => ({ text: "", score: r.s, y: r.y, inclusionProbability: r.pi })), scoresOnlyConfig({ calibration, scoreFeatures }), mulberry32(1));
          const grid = Array.from({ length: 101 }, (_, k) => ({ text: "", score: k / 100 }));
          const q = scoreItems(m, grid).q;
          for (let k = 0; k < q.length; k++) {
            expect(q[k]!).toBeGreaterThan(0);
            expect(q[k]!).toBeLessThan(1);
            if (k) expect(q[k]!).toBeGreaterThanOrEqual(q[k - 1]! - 1e-12);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("building blocks", () => {
  it("feature hashing: block-normalised, deterministic, word and char n-grams", () => {
    const h = new FeatureHasher({ ...DEFAULT_FEATURES, bits: 16 });
    const a = h.featurize("Free  prize NOW"), b = h.featurize("free prize now");
    expect(Array.from(a.idx)).toEqual(Array.from(b.idx));
    const norm = Array.from(a.val).reduce((s, v) => s + v * v, 0);
    expect(norm).toBeCloseTo(1, 5); // two blocks of norm 1/√2, buckets rarely collide
    const w = new FeatureHasher({ ...DEFAULT_FEATURES, bits: 16, tokenizer: { ...DEFAULT_FEATURES.tokenizer, charNgrams: null } });
    expect(w.featurize("a b c").idx.length).toBe(5); // 3 unigrams + 2 bigrams
    expect(h.featurize("").idx.length).toBe(0);
  });
  it("L-BFGS minimises an ill-conditioned quadratic", () => {
    const d = [1, 10, 100, 1000];
    const r = minimizeLbfgs((x, g) => { let f = 0; x.forEach((v, i) => { f += 0.5 * d[i]! * (v - 1) ** 2; g[i] = d[i]! * (v - 1); }); return f; }, new Float64Array(4), { maxIter: 200, gradTol: 1e-8, memory: 5 });
    Array.from(r.x).forEach((v) => expect(v).toBeCloseTo(1, 4));
  });
  it("calibration map recovers a known (a, b) from many labels", () => {
    const rng = mulberry32(3);
    const z = Array.from({ length: 4000 }, () => 4 * (rng() - 0.5));
    const y = Uint8Array.from(z, (v) => (rng() < 1 / (1 + Math.exp(-(2 * v - 1))) ? 1 : 0));
    const m = fitCalibrationMap(z, y, new Float64Array(4000).fill(1), 0.5);
    expect(m.a).toBeCloseTo(2, 0);
    expect(Math.abs(m.b + 1)).toBeLessThan(0.25);
  });
});
