/**
 * Synthetic pool for the API benchmark: ~200-character snippets of plausible words with a classifier-like score,
 * produced lazily as NDJSON chunks so an arbitrarily large import never sits in memory. Seeded: the same
 * `--rows` and seed give the same bytes.
 */

import { mulberry32 } from "../../lib/model/rng";

export { mulberry32 };

/** Standard normal by Box–Muller. */
function normal(rng: () => number): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape, 1) by Marsaglia & Tsang (2000), with the shape < 1 boost. */
function gamma(shape: number, rng: () => number): number {
  if (shape < 1) return gamma(shape + 1, rng) * Math.pow(1 - rng(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

function beta(a: number, b: number, rng: () => number): number {
  const x = gamma(a, rng);
  return x / (x + gamma(b, rng));
}

/**
 * A score like a deployed classifier's on an imbalanced pool: 85% of snippets from Beta(1.2, 8) (confident
 * negatives), 15% from Beta(5, 1.5) (likely positives); kept strictly inside (0, 1).
 */
export function classifierScore(rng: () => number): number {
  const s = rng() < 0.15 ? beta(5, 1.5, rng) : beta(1.2, 8, rng);
  return Math.min(1 - 1e-6, Math.max(1e-6, s));
}

const WORDS = (
  "the of and to in is that for it as was with be by on not he this are or his from at which but have an they " +
  "you were her she there been one all we their has would when if so no what up out more said about into than " +
  "them can only other new some could time these two may then do first any my now such like our over man me even " +
  "most made after also did many before must through back years where much your way well down should because each " +
  "just those people how too little state good very make world still own see men work long get here between both " +
  "life being under never day same another know while last might us great old year off come since against go came " +
  "right used take three account order refund delivery package tracking invoice payment offer free winner prize " +
  "claim urgent call now limited discount subscription password verify login security alert message reply stop " +
  "meeting tomorrow lunch weekend family friend phone number address ticket flight hotel booking confirm cancel " +
  "update service customer support review product price sale store online shipping return exchange balance bank " +
  "card credit loan approved click link website download app install version release feature bug report team " +
  "project deadline schedule calendar note thanks please sorry happy birthday congratulations weather rain sunny " +
  "morning evening night coffee dinner movie music game match score news story article video photo share post"
).split(" ");

/** One snippet of about `target` characters: sentences of 4–14 words, capitalised, ending in . ! or ?. */
export function snippet(rng: () => number, target: number): string {
  const parts: string[] = [];
  let len = 0;
  while (len < target) {
    const n = 4 + Math.floor(rng() * 11);
    let s = "";
    for (let i = 0; i < n; i++) {
      const w = WORDS[Math.floor(rng() * WORDS.length)]!;
      s += i === 0 ? w[0]!.toUpperCase() + w.slice(1) : " " + w;
    }
    const r = rng();
    s += r < 0.8 ? "." : r < 0.9 ? "!" : "?";
    parts.push(s);
    len += s.length + 1;
  }
  return parts.join(" ");
}

export interface CorpusOptions {
  rows: number;
  seed?: number;
  /** Rows per yielded chunk (~230 bytes each). */
  rowsPerChunk?: number;
  /** Called after each chunk with the number of rows produced so far. */
  onRows?: (rows: number) => void;
}

/** NDJSON lines `{"id","text","score"}`, yielded in chunks of `rowsPerChunk` rows. */
export async function* ndjsonCorpus(opts: CorpusOptions): AsyncGenerator<Buffer> {
  const rng = mulberry32(opts.seed ?? 42);
  const per = opts.rowsPerChunk ?? 256;
  for (let start = 0; start < opts.rows; start += per) {
    const end = Math.min(opts.rows, start + per);
    let out = "";
    for (let i = start; i < end; i++) {
      const text = snippet(rng, 170 + Math.floor(rng() * 60));
      out += `{"id":"s${i}","text":"${text}","score":${classifierScore(rng).toFixed(6)}}\n`;
    }
    opts.onRows?.(end);
    yield Buffer.from(out);
  }
}

/** How fast the generator alone runs (rows/s), so the import figure can be checked against the client's ceiling. */
export async function generatorRate(rows: number): Promise<{ rowsPerSec: number; bytesPerRow: number }> {
  const t0 = performance.now();
  let bytes = 0;
  for await (const chunk of ndjsonCorpus({ rows, seed: 7 })) bytes += chunk.length;
  const s = (performance.now() - t0) / 1000;
  return { rowsPerSec: rows / s, bytesPerRow: bytes / rows };
}
