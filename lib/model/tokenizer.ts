/**
 * Tokenizer for hashed bag-of-n-grams text features: word 1–2-grams and character 3–5-grams (the usual
 * strong baseline for short-text classification, e.g. fastText / Joulin et al. 2017, and char n-grams for
 * noisy social-media text). Emits 32-bit hashes instead of strings so 1M snippets can be featurised
 * without allocating n-gram strings.
 */
import { FNV_OFFSET, fmix32, fnvStep, hashPair } from "./hash";

export interface TokenizerConfig {
  /** inclusive [min, max] word n-gram orders, or null for none */
  wordNgrams: [number, number] | null;
  /** inclusive [min, max] character n-gram orders (over the lower-cased, space-collapsed text), or null */
  charNgrams: [number, number] | null;
  lowercase: boolean;
  /** longer texts are truncated (cost control for pathological inputs) */
  maxChars: number;
}

export const DEFAULT_TOKENIZER: TokenizerConfig = {
  wordNgrams: [1, 2],
  charNgrams: [3, 5],
  lowercase: true,
  maxChars: 4000,
};

const WORD_SEED = 0x5bd1e995;
const CHAR_SEED = 0x27d4eb2f;
const MAX_WORD_ORDER = 8;

export function validateTokenizer(cfg: TokenizerConfig): void {
  for (const [name, r] of [["wordNgrams", cfg.wordNgrams], ["charNgrams", cfg.charNgrams]] as const) {
    if (r === null) continue;
    if (!Number.isInteger(r[0]) || !Number.isInteger(r[1]) || r[0] < 1 || r[1] < r[0] || r[1] > MAX_WORD_ORDER) {
      throw new Error(`tokenizer: ${name} must be integers 1 <= min <= max <= ${MAX_WORD_ORDER}, got [${r[0]}, ${r[1]}]`);
    }
  }
  if (!(cfg.maxChars >= 1)) throw new Error(`tokenizer: maxChars must be >= 1, got ${cfg.maxChars}`);
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || (c >= 0x2000 && c <= 0x200b) || c === 0x3000;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 39 || (c >= 128 && !isSpace(c) && !(c >= 0x2010 && c <= 0x206f));
}

/** Normalised code units: lower-cased, whitespace runs collapsed to one space, padded with spaces. */
function normalise(text: string, cfg: TokenizerConfig, buf: Uint16Array): number {
  const s = cfg.lowercase ? text.toLowerCase() : text;
  const n = Math.min(s.length, cfg.maxChars, buf.length - 2);
  let len = 0;
  buf[len++] = 32;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (isSpace(c)) {
      if (buf[len - 1] !== 32) buf[len++] = 32;
    } else buf[len++] = c;
  }
  if (buf[len - 1] !== 32) buf[len++] = 32;
  return len;
}

/**
 * Calls `word(hash)` for every word n-gram and `char(hash)` for every character n-gram of `text`.
 * Buffers are reused across calls (single-threaded).
 */
export class Tokenizer {
  private buf: Uint16Array;
  private words: Uint32Array = new Uint32Array(64);
  constructor(readonly cfg: TokenizerConfig) {
    validateTokenizer(cfg);
    this.buf = new Uint16Array(cfg.maxChars + 2);
  }

  forEach(text: string, word: ((h: number) => void) | null, char: ((h: number) => void) | null): void {
    const buf = this.buf;
    const len = normalise(text, this.cfg, buf);
    const wr = word ? this.cfg.wordNgrams : null;
    if (wr && word) {
      let nw = 0;
      let h = 0;
      let inWord = false;
      for (let i = 0; i < len; i++) {
        const c = buf[i]!;
        if (isWordChar(c)) {
          if (!inWord) { h = FNV_OFFSET ^ WORD_SEED; inWord = true; }
          h = fnvStep(h, c);
        } else if (inWord) {
          if (nw === this.words.length) {
            const grown = new Uint32Array(nw * 2);
            grown.set(this.words);
            this.words = grown;
          }
          this.words[nw++] = fmix32(h);
          inWord = false;
        }
      }
      const words = this.words;
      for (let i = 0; i < nw; i++) {
        let g = words[i]!;
        for (let n = 1; n <= wr[1] && i + n <= nw; n++) {
          if (n > 1) g = hashPair(g, words[i + n - 1]!, n);
          if (n >= wr[0]) word(g);
        }
      }
    }
    const cr = char ? this.cfg.charNgrams : null;
    if (cr && char) {
      for (let i = 0; i < len; i++) {
        let h = FNV_OFFSET ^ CHAR_SEED;
        for (let n = 1; n <= cr[1] && i + n <= len; n++) {
          h = fnvStep(h, buf[i + n - 1]!);
          if (n >= cr[0]) char(fmix32(h ^ Math.imul(n, 0x9e3779b1)));
        }
      }
    }
  }
}
