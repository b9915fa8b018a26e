/** Benchmark data (sampling.md §6): JSONL sets, a seeded hash split of ids, precomputed hashed features. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { hashString } from "../../lib/model/hash";
import { DEFAULT_FEATURES, hasherFor, type SparseVector } from "../../lib/model/index";

export const DATASETS = [
  { name: "davidson-hate", file: "davidson/hate-only.jsonl" },
  { name: "davidson-offensive", file: "davidson/hate-or-offensive.jsonl" },
  { name: "sms-spam", file: "sms-spam/sms-spam.jsonl" },
] as const;

export interface Row { id: string; text: string; y: 0 | 1; features: SparseVector }

export interface Dataset {
  name: string;
  rows: Row[];
  /** 40% slice for the external models */
  external: number[];
  pool: number[];
  test: number[];
}

const SPLIT_SEED = 20261126;

export function loadDataset(dir: string, name: string, file: string, withFeatures = true): Dataset {
  const lines = readFileSync(path.join(dir, file), "utf8").split("\n").filter((l) => l.trim() !== "");
  const hasher = hasherFor(DEFAULT_FEATURES);
  const rows: Row[] = lines.map((l, k) => {
    const o = JSON.parse(l) as { id: unknown; text: unknown; label: unknown };
    if (typeof o.text !== "string" || (o.label !== 0 && o.label !== 1)) throw new Error(`${file}:${k + 1}: bad row`);
    return { id: String(o.id), text: o.text, y: o.label, features: withFeatures ? hasher.featurize(o.text) : { idx: new Int32Array(0), val: new Float32Array(0) } };
  });
  const external: number[] = [], pool: number[] = [], test: number[] = [];
  rows.forEach((r, i) => {
    const u = hashString(r.id, SPLIT_SEED) / 4294967296;
    (u < 0.4 ? external : u < 0.7 ? pool : test).push(i);
  });
  // external slice ordered by a second hash so "the first 200" is a random subset
  external.sort((a, b) => hashString(rows[a]!.id, SPLIT_SEED + 1) - hashString(rows[b]!.id, SPLIT_SEED + 1));
  return { name, rows, external, pool, test };
}
