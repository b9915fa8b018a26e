import { describe, expect, it } from "vitest";
import { buildDesign, designLogits } from "../model/design";
import { fitLogistic } from "../model/logistic";
import { defaultModelConfig, fitDecisionModel, hasherFor, scoreItems, type ModelConfig } from "../model/index";
import { mulberry32 } from "../model/rng";
import { rankPool } from "./rank-pool";
import { spearman, synthTexts } from "./testing/fixtures";

const cfg: ModelConfig = {
  ...defaultModelConfig(false),
  text: { bits: 14, tokenizer: { wordNgrams: [1, 1], charNgrams: null, lowercase: true, maxChars: 400 }, wordWeight: 1, charWeight: 0 },
  prior: { biasPrecision: 0.05, scorePrecision: 1, textPrecision: 0.5 },
  ensembleSize: 4,
  minDf: 1,
  calibration: "weighted", // no labels with inclusion probability: identity map, no calibration path
};

describe("text-model one-step EDV vs. exact refits (500-item pool)", () => {
  it("ranks candidates like refitting per candidate and label (Spearman >= 0.9)", () => {
    const train = synthTexts(3, 60);
    const poolT = synthTexts(4, 500);
    const tau = 0.3;
    const examples = train.text.map((t, i) => ({ text: t, score: null, y: train.y[i]!, inclusionProbability: null }));
    const model = fitDecisionModel(examples, cfg, mulberry32(1));
    expect(model.calibration.a).toBe(1);
    const items = poolT.text.map((t) => ({ text: t, score: null }));
    const scored = scoreItems(model, items);
    const res = rankPool({ model, items, scored, tau, strategy: "edv", batchSize: 10, selfValue: 0, rng: mulberry32(2), bandSize: 500, shortlistSize: 500 });
    // brute force: refit the MAP (same prior, identity calibration) with each candidate labeled 0 and 1
    const h = hasherFor(cfg.text!);
    const feats = [...train.text, ...poolT.text].map((t) => h.featurize(t));
    const n0 = train.text.length;
    const prior = { lowMean: [0], lowPrecision: [cfg.prior.biasPrecision], textPrecision: cfg.prior.textPrecision };
    const q0 = scored.q;
    const refit = new Float64Array(500);
    const allRows = feats;
    const design = buildDesign(new Float64Array(n0 + 500).fill(1), 1, allRows, h.dim);
    const yAll = new Uint8Array(n0 + 500);
    train.y.forEach((v, i) => { yAll[i] = v; });
    const w = new Float64Array(n0 + 500);
    w.fill(1, 0, n0);
    const theta0 = fitLogistic(design, yAll, w, prior, undefined, { maxIter: 500, gradTol: 1e-7 });
    const z0 = designLogits(design, theta0);
    // the MAP restricted to the training rows equals the model's (same prior; unused features stay 0)
    for (let j = 0; j < 20; j++) expect(Math.abs(z0[n0 + j]! - scored.z[j]!)).toBeLessThan(1e-3);
    for (let i = 0; i < 500; i++) {
      for (const y of [0, 1] as const) {
        yAll[n0 + i] = y;
        w[n0 + i] = 1;
        const th = fitLogistic(design, yAll, w, prior, theta0, { maxIter: 200, gradTol: 1e-6 });
        const z1 = designLogits(design, th);
        const py = y ? q0[i]! : 1 - q0[i]!;
        for (let j = 0; j < 500; j++) {
          if (j === i) continue;
          const q1 = 1 / (1 + Math.exp(-z1[n0 + j]!));
          if ((q1 >= tau) !== (q0[j]! >= tau)) refit[i] = refit[i]! + py * Math.abs(q1 - tau);
        }
        w[n0 + i] = 0;
      }
    }
    expect(refit.filter((v) => v > 0).length).toBeGreaterThan(50);
    expect(spearman(res.edv!, refit)).toBeGreaterThanOrEqual(0.9);
  }, 60_000);
});
