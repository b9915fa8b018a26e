/**
 * 32-bit string hashing for the hashing trick (Weinberger et al. 2009): FNV-1a over UTF-16 code units,
 * finished with MurmurHash3's fmix32 avalanche so low bits (the bucket) and the top bit (the sign) are
 * independent. Pure integer arithmetic; no allocation.
 */
export const FNV_OFFSET = 0x811c9dc5;

export function fnvStep(h: number, code: number): number {
  return Math.imul(h ^ code, 0x01000193);
}

export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hash of a whole string with a namespace seed. */
export function hashString(s: string, seed = 0): number {
  let h = FNV_OFFSET ^ seed;
  for (let i = 0; i < s.length; i++) h = fnvStep(h, s.charCodeAt(i));
  return fmix32(h);
}

/** Combines two hashes (order-sensitive), e.g. for word bigrams. */
export function hashPair(a: number, b: number, seed = 0): number {
  return fmix32(Math.imul(a ^ seed, 0x9e3779b1) ^ (b + 0x7f4a7c15));
}
