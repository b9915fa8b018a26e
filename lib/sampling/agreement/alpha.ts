import { AuditInputError } from "../audit/types";

/**
 * Krippendorff's α for nominal data (Krippendorff, "Computing Krippendorff's Alpha-Reliability", 2011), from the
 * category counts of each unit: `units[u][c]` = how many coders put unit u in category c. Units with fewer than two
 * values are not pairable and are ignored. Coincidences o_ck = Σ_u (count_uc·count_uk − [c = k]·count_uc)/(m_u − 1);
 * α = 1 − (n − 1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k. Returns null when no unit is pairable or every value is the same
 * category (expected disagreement 0: α undefined). `times[u]` (default 1) counts unit u that many times, so units
 * with equal counts can be passed once.
 */
export function krippendorffAlphaNominal(units: readonly (readonly number[])[], times?: readonly number[]): number | null {
  let K = 0;
  for (const [u, counts] of units.entries()) {
    for (const v of counts) if (!(Number.isInteger(v) && v >= 0)) throw new AuditInputError(`units[${u}] holds ${String(v)}; counts must be integers ≥ 0`);
    K = Math.max(K, counts.length);
  }
  const o = Array.from({ length: K }, () => new Float64Array(K));
  for (const [u, counts] of units.entries()) {
    const m = counts.reduce((s, v) => s + v, 0);
    const t = times?.[u] ?? 1;
    if (!(Number.isInteger(t) && t >= 0)) throw new AuditInputError(`times[${u}] must be an integer ≥ 0, got ${String(t)}`);
    if (m < 2) continue;
    for (let c = 0; c < counts.length; c++) {
      for (let k = 0; k < counts.length; k++) o[c]![k]! += (t * counts[c]! * (counts[k]! - (c === k ? 1 : 0))) / (m - 1);
    }
  }
  const nc = o.map((row) => row.reduce((s, v) => s + v, 0));
  const n = nc.reduce((s, v) => s + v, 0);
  if (n === 0) return null;
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < K; c++) {
    for (let k = 0; k < K; k++) {
      if (c === k) continue;
      observed += o[c]![k]!;
      expected += nc[c]! * nc[k]!;
    }
  }
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

/** α from raw values: `data[u]` lists the values the coders gave unit u (missing values simply absent). */
export function krippendorffAlphaFromValues<T>(data: readonly (readonly T[])[]): number | null {
  const categories = new Map<T, number>();
  for (const unit of data) for (const v of unit) if (!categories.has(v)) categories.set(v, categories.size);
  return krippendorffAlphaNominal(
    data.map((unit) => {
      const counts = new Array<number>(categories.size).fill(0);
      for (const v of unit) counts[categories.get(v)!]!++;
      return counts;
    }),
  );
}
