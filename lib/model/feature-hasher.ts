/**
 * Feature hashing (Weinberger et al. 2009, "Feature hashing for large scale multitask learning"):
 * n-gram hashes → 2^bits buckets with a hash-derived sign (so collisions cancel in expectation).
 * Each block (words, chars) is L2-normalised to its weight, so short and long texts are comparable and
 * the many char n-grams do not drown the words.
 */
import type { SparseVector } from "./sparse";
import { DEFAULT_TOKENIZER, Tokenizer, type TokenizerConfig } from "./tokenizer";

export interface FeatureConfig {
  /** log2 of the number of buckets (default 18) */
  bits: number;
  tokenizer: TokenizerConfig;
  /** L2 norm of the word block and of the char block */
  wordWeight: number;
  charWeight: number;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  bits: 18,
  tokenizer: DEFAULT_TOKENIZER,
  wordWeight: Math.SQRT1_2,
  charWeight: Math.SQRT1_2,
};

export function validateFeatureConfig(cfg: FeatureConfig): void {
  if (!Number.isInteger(cfg.bits) || cfg.bits < 4 || cfg.bits > 24) {
    throw new Error(`features: bits must be an integer in [4, 24], got ${cfg.bits}`);
  }
  if (!(cfg.wordWeight >= 0) || !(cfg.charWeight >= 0)) throw new Error("features: block weights must be >= 0");
}

export class FeatureHasher {
  readonly dim: number;
  private readonly mask: number;
  private readonly tok: Tokenizer;
  private readonly block: Float64Array;
  private readonly blockSeen: Uint8Array;
  private blockTouched: Int32Array;
  private nBlock = 0;
  private readonly out: Float64Array;
  private readonly outSeen: Uint8Array;
  private outTouched: Int32Array;
  private nOut = 0;
  private readonly addFn: (h: number) => void;

  constructor(readonly cfg: FeatureConfig = DEFAULT_FEATURES) {
    validateFeatureConfig(cfg);
    this.dim = 1 << cfg.bits;
    this.mask = this.dim - 1;
    this.tok = new Tokenizer(cfg.tokenizer);
    this.block = new Float64Array(this.dim);
    this.blockSeen = new Uint8Array(this.dim);
    this.blockTouched = new Int32Array(1024);
    this.out = new Float64Array(this.dim);
    this.outSeen = new Uint8Array(this.dim);
    this.outTouched = new Int32Array(1024);
    this.addFn = (h: number) => this.add(h);
  }

  private add(h: number): void {
    const b = h & this.mask;
    if (this.blockSeen[b] === 0) {
      this.blockSeen[b] = 1;
      if (this.nBlock === this.blockTouched.length) this.blockTouched = grow(this.blockTouched);
      this.blockTouched[this.nBlock++] = b;
    }
    this.block[b] = this.block[b]! + (h >>> 31 === 1 ? -1 : 1);
  }

  private flushBlock(weight: number): void {
    let ss = 0;
    for (let k = 0; k < this.nBlock; k++) ss += this.block[this.blockTouched[k]!]! ** 2;
    const scale = ss > 0 ? weight / Math.sqrt(ss) : 0;
    for (let k = 0; k < this.nBlock; k++) {
      const b = this.blockTouched[k]!;
      const v = this.block[b]! * scale;
      this.block[b] = 0;
      this.blockSeen[b] = 0;
      if (v === 0) continue;
      if (this.outSeen[b] === 0) {
        this.outSeen[b] = 1;
        if (this.nOut === this.outTouched.length) this.outTouched = grow(this.outTouched);
        this.outTouched[this.nOut++] = b;
      }
      this.out[b] = this.out[b]! + v;
    }
    this.nBlock = 0;
  }

  /** Hashed, block-normalised features of one text. */
  featurize(text: string): SparseVector {
    if (typeof text !== "string") throw new Error("features: text must be a string");
    // One block at a time (each is normalised on its own); a null callback skips the other block's hashing.
    this.tok.forEach(text, this.addFn, null);
    this.flushBlock(this.cfg.wordWeight);
    this.tok.forEach(text, null, this.addFn);
    this.flushBlock(this.cfg.charWeight);
    const idx = new Int32Array(this.nOut);
    const val = new Float32Array(this.nOut);
    let m = 0;
    for (let k = 0; k < this.nOut; k++) {
      const b = this.outTouched[k]!;
      const v = this.out[b]!;
      this.out[b] = 0;
      this.outSeen[b] = 0;
      if (v !== 0) {
        idx[m] = b;
        val[m] = v;
        m++;
      }
    }
    this.nOut = 0;
    return m === idx.length ? { idx, val } : { idx: idx.slice(0, m), val: val.slice(0, m) };
  }
}

function grow(a: Int32Array): Int32Array {
  const g = new Int32Array(a.length * 2);
  g.set(a);
  return g;
}

const hashers = new Map<string, FeatureHasher>();

/** Shared hasher per configuration (the scratch buffers are 2^bits wide; build them once). */
export function hasherFor(cfg: FeatureConfig): FeatureHasher {
  const key = JSON.stringify(cfg);
  let h = hashers.get(key);
  if (!h) {
    h = new FeatureHasher(cfg);
    hashers.set(key, h);
  }
  return h;
}
