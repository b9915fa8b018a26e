/**
 * On-disk cache of `bench:al` work under node_modules/.cache/verge-bench: the external-score models per data
 * file, and every finished run (one JSON line each), keyed by a hash of the code that produced them. A long
 * benchmark interrupted half-way resumes where it stopped; changing the sampler or the model invalidates both.
 */
import { createHash } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { STRATEGIES } from "../../lib/sampling/index";

const ROOT = path.join(process.cwd(), "node_modules", ".cache", "verge-bench");
/** files that decide which runs exist or how they are reported, not what a run computes */
const NOT_RESULTS = new Set(["registry.ts", "plan.ts", "report.ts", "svg.ts", "cache.ts", "audit-width.ts"]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !NOT_RESULTS.has(e.name)) out.push(p);
  }
  return out.sort();
}

let memo: string | null = null;
/** Hash of the model, sampler and simulation code plus the strategies' definitions. */
export function codeHash(): string {
  if (memo) return memo;
  const h = createHash("sha256");
  for (const dir of ["lib/model", "lib/sampling", "scripts/bench"]) {
    for (const f of sourceFiles(path.join(process.cwd(), dir))) h.update(f.slice(process.cwd().length)).update(readFileSync(f));
  }
  for (const [name, s] of Object.entries(STRATEGIES)) h.update(`${name}:${s.description}:${s.usesSpread}`);
  memo = h.digest("hex").slice(0, 16);
  return memo;
}

export function fileHash(file: string): string {
  const st = statSync(file);
  return createHash("sha256").update(`${st.size}:${st.mtimeMs}:`).update(readFileSync(file)).digest("hex").slice(0, 16);
}

/** Float64 arrays by name, cached under `key`; `compute` runs on a miss. */
export function cachedArrays<K extends string>(key: string, compute: () => Record<K, Float64Array>): Record<K, Float64Array> {
  const file = path.join(ROOT, `${key}-${codeHash()}.json`);
  if (existsSync(file)) {
    const raw = JSON.parse(readFileSync(file, "utf8")) as Record<K, string>;
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, new Float64Array(new Uint8Array(Buffer.from(v as string, "base64")).buffer)])) as Record<K, Float64Array>;
  }
  const out = compute();
  mkdirSync(ROOT, { recursive: true });
  const enc = Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Buffer.from((v as Float64Array).buffer).toString("base64")]));
  writeFileSync(file, JSON.stringify(enc));
  return out;
}

/** Finished runs of the current code, keyed by a unit's canonical JSON. */
export class RunCache<R> {
  private readonly file: string;
  readonly done = new Map<string, R>();

  constructor(enabled: boolean) {
    this.file = path.join(ROOT, `runs-${codeHash()}.jsonl`);
    if (!enabled || !existsSync(this.file)) return;
    for (const line of readFileSync(this.file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        const { key, result } = JSON.parse(line) as { key: string; result: R };
        this.done.set(key, result);
      } catch {
        // a line cut short by an interrupted run: that run simply runs again
      }
    }
  }

  add(key: string, result: R): void {
    this.done.set(key, result);
    mkdirSync(ROOT, { recursive: true });
    appendFileSync(this.file, JSON.stringify({ key, result }) + "\n");
  }
}
