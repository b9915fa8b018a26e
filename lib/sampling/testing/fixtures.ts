/** Seeded synthetic pools for the sampler's tests (no external data: CI runs them anywhere). */
import { mulberry32 } from "../../model/rng";
import type { TrainingExample } from "../../model/fit";

export function synthScores(seed: number, n: number, slope = 0.8, shift = -0.5): { s: number[]; y: (0 | 1)[] } {
  const rng = mulberry32(seed);
  const s: number[] = [], y: (0 | 1)[] = [];
  for (let i = 0; i < n; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    const z = 2 * g;
    s.push(1 / (1 + Math.exp(-z)));
    y.push(rng() < 1 / (1 + Math.exp(-(slope * z + shift))) ? 1 : 0);
  }
  return { s, y };
}

export function scoreExamples(s: number[], y: (0 | 1)[]): TrainingExample[] {
  return s.map((v, i) => ({ text: "", score: v, y: y[i]!, inclusionProbability: null }));
}

const WORDS = Array.from({ length: 120 }, (_, k) => `w${k.toString(36)}x`);

/** Texts of 6–12 words; the first 15 words push towards positive, the next 15 towards negative. */
export function synthTexts(seed: number, n: number): { text: string[]; y: (0 | 1)[] } {
  const rng = mulberry32(seed);
  const text: string[] = [], y: (0 | 1)[] = [];
  for (let i = 0; i < n; i++) {
    const len = 6 + Math.floor(rng() * 7);
    const ws: string[] = [];
    let z = -0.5;
    for (let k = 0; k < len; k++) {
      const w = Math.floor(rng() * WORDS.length);
      ws.push(WORDS[w]!);
      if (w < 15) z += 1.2;
      else if (w < 30) z -= 1.2;
    }
    text.push(ws.join(" "));
    y.push(rng() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
  }
  return { text, y };
}

export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const rank = (v: ArrayLike<number>) => {
    const idx = Array.from({ length: v.length }, (_, i) => i).sort((i, j) => v[i]! - v[j]!);
    const r = new Float64Array(v.length);
    for (let k = 0; k < idx.length; ) {
      let e = k;
      while (e + 1 < idx.length && v[idx[e + 1]!] === v[idx[k]!]) e++;
      for (let m = k; m <= e; m++) r[idx[m]!] = (k + e) / 2;
      k = e + 1;
    }
    return r;
  };
  const ra = rank(a), rb = rank(b);
  const n = ra.length;
  const ma = ra.reduce((s, x) => s + x, 0) / n, mb = rb.reduce((s, x) => s + x, 0) / n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (ra[i]! - ma) * (rb[i]! - mb); saa += (ra[i]! - ma) ** 2; sbb += (rb[i]! - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}
