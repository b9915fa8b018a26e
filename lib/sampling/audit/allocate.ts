import { AuditInputError } from "./types";

/**
 * Neyman allocation with floors and caps (Neyman 1934; Cochran, Sampling Techniques, §5.5):
 * n_h ∝ N_h·S_h, clamped to [min(N_h, floor), N_h], summing exactly to `total`.
 *
 * The clamped allocation is found by water-filling (bisection on the proportionality constant), then
 * rounded to integers by largest remainder. A tiny term 1e-6·N_h is added to every N_h·S_h so that strata
 * with S_h = 0 (all q exactly 0 or 1) still absorb budget, in proportion to size, once the others are full.
 */
export function neymanAllocation(sizes: ArrayLike<number>, sd: ArrayLike<number>, total: number, floor: number): number[] {
  const H = sizes.length;
  if (sd.length !== H) throw new AuditInputError("neymanAllocation: sizes and sd differ in length");
  if (!Number.isInteger(total) || total < 0) throw new AuditInputError(`neymanAllocation: total must be a non-negative integer, got ${total}`);
  if (!Number.isInteger(floor) || floor < 0) throw new AuditInputError(`neymanAllocation: floor must be a non-negative integer, got ${floor}`);
  let capacity = 0;
  let floorSum = 0;
  const lower: number[] = [];
  const weight: number[] = [];
  for (let h = 0; h < H; h++) {
    const n = sizes[h]!;
    const s = sd[h]!;
    if (!Number.isInteger(n) || n < 0) throw new AuditInputError(`neymanAllocation: size ${h} must be a non-negative integer`);
    if (!(s >= 0) || !Number.isFinite(s)) throw new AuditInputError(`neymanAllocation: sd ${h} must be finite and ≥ 0`);
    capacity += n;
    lower.push(Math.min(n, floor));
    floorSum += Math.min(n, floor);
    weight.push(n * (s + 1e-6));
  }
  if (total > capacity) throw new AuditInputError(`neymanAllocation: total ${total} exceeds pool size ${capacity}`);
  if (total < floorSum) throw new AuditInputError(`neymanAllocation: total ${total} is below the floors' sum ${floorSum}`);

  const at = (c: number, h: number) => Math.min(sizes[h]!, Math.max(lower[h]!, c * weight[h]!));
  const sumAt = (c: number) => {
    let s = 0;
    for (let h = 0; h < H; h++) s += at(c, h);
    return s;
  };
  let lo = 0;
  let hi = 1;
  while (sumAt(hi) < total && hi < 1e300) hi *= 2;
  for (let it = 0; it < 200 && hi - lo > 1e-15 * hi; it++) {
    const mid = (lo + hi) / 2;
    if (sumAt(mid) < total) lo = mid;
    else hi = mid;
  }
  const real = Array.from({ length: H }, (_, h) => at(hi, h));
  const alloc = real.map((x, h) => Math.min(sizes[h]!, Math.max(lower[h]!, Math.floor(x + 1e-9))));
  let remaining = total - alloc.reduce((a, b) => a + b, 0);
  const byRemainder = real.map((x, h) => ({ h, frac: x - Math.floor(x + 1e-9) })).sort((a, b) => b.frac - a.frac || a.h - b.h);
  // Largest remainder first; further passes (only needed after float round-off) go in the same order.
  while (remaining > 0) {
    let moved = false;
    for (const { h } of byRemainder) {
      if (remaining === 0) break;
      if (alloc[h]! < sizes[h]!) {
        alloc[h] = alloc[h]! + 1;
        remaining--;
        moved = true;
      }
    }
    if (!moved) break;
  }
  while (remaining < 0) {
    let moved = false;
    for (let i = byRemainder.length - 1; i >= 0 && remaining < 0; i--) {
      const h = byRemainder[i]!.h;
      if (alloc[h]! > lower[h]!) {
        alloc[h] = alloc[h]! - 1;
        remaining++;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return alloc;
}
