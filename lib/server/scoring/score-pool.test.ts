import { describe, expect, it } from "vitest";
import { defaultModelConfig, fitDecisionModel, mulberry32, scoreItems } from "../../model/index";
import { synthTexts } from "../../sampling/testing/fixtures";
import { ScorePool, scoreProcessesFromEnv } from "./score-pool";

describe("ScorePool", () => {
  it("scores across two processes exactly as in one", async () => {
    const { text, y } = synthTexts(4, 260);
    const model = fitDecisionModel(text.slice(0, 60).map((t, i) => ({ text: t, score: 0.3, y: y[i]!, inclusionProbability: null })), defaultModelConfig(true), mulberry32(1));
    const items = text.slice(60).map((t, i) => ({ text: t, score: (i % 10) / 10 + 0.05 }));
    const pool = new ScorePool(2);
    try {
      await pool.setModel(model);
      const got = await pool.score(items);
      const want = scoreItems(model, items);
      expect(Array.from(got.z)).toEqual(Array.from(want.z));
      expect(Array.from(got.q)).toEqual(Array.from(want.q));
      expect(Array.from(got.sigma)).toEqual(Array.from(want.sigma));
    } finally {
      pool.close();
    }
  }, 30_000);

  it("reads VERGE_SCORE_PROCESSES and rejects nonsense", () => {
    expect(scoreProcessesFromEnv({})).toBe(1);
    expect(scoreProcessesFromEnv({ VERGE_SCORE_PROCESSES: "2" })).toBe(2);
    expect(() => scoreProcessesFromEnv({ VERGE_SCORE_PROCESSES: "two" })).toThrow(/VERGE_SCORE_PROCESSES/);
    expect(() => scoreProcessesFromEnv({ VERGE_SCORE_PROCESSES: "0" })).toThrow(/VERGE_SCORE_PROCESSES/);
  });
});
