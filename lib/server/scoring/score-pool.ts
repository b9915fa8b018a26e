/**
 * Rescoring on several cores: featurising dominates a rescore (≈ 670 hashed n-grams per snippet), and it is
 * embarrassingly parallel, so each chunk is split across child processes that hold the model. One process
 * (the default) scores in the caller instead. The children run under tsx, like the worker itself.
 */
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DecisionModel } from "../../model/decision-model";
import type { ItemInput } from "../../model/prepared";
import { scoreItems, type ScoredItems } from "../../model/score";

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), "score-child.ts");

type Reply = { kind: "ready" } | { kind: "scored"; id: number; z: Float64Array; q: Float64Array; sigma: Float64Array } | { kind: "error"; id: number; message: string };

/** Processes to score with: VERGE_SCORE_PROCESSES (default 1 = in the caller). */
export function scoreProcessesFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.VERGE_SCORE_PROCESSES;
  if (raw === undefined || raw === "") return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new Error(`VERGE_SCORE_PROCESSES must be an integer in [1, 64], got "${raw}"`);
  return n;
}

export class ScorePool {
  private readonly children: ChildProcess[] = [];
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (r: ScoredItems) => void; reject: (e: Error) => void }>();
  private model: DecisionModel | null = null;

  /** `processes` ≤ 1 scores in this process. */
  constructor(readonly processes: number) {}

  async setModel(model: DecisionModel): Promise<void> {
    this.model = model;
    if (this.processes <= 1) return;
    if (!this.children.length) for (let k = 0; k < this.processes; k++) this.children.push(this.spawn());
    await Promise.all(this.children.map((c) => new Promise<void>((resolve, reject) => {
      const onMsg = (m: Reply) => { if (m.kind === "ready") { c.off("message", onMsg); resolve(); } };
      c.on("message", onMsg);
      c.once("exit", (code) => reject(new Error(`score process exited with ${code}`)));
      c.send({ kind: "model", model });
    })));
  }

  private spawn(): ChildProcess {
    const c = fork(CHILD, [], { execArgv: ["--import", "tsx"], serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
    c.on("message", (m: Reply) => {
      if (m.kind === "ready") return;
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.kind === "error") w.reject(new Error(m.message));
      else w.resolve({ z: m.z, q: m.q, sigma: m.sigma });
    });
    c.on("exit", (code) => {
      if (code === 0 || code === null) return;
      for (const w of this.waiting.values()) w.reject(new Error(`score process exited with ${code}`));
      this.waiting.clear();
    });
    return c;
  }

  /** Scores items in order, split evenly across the processes. */
  async score(items: ItemInput[]): Promise<ScoredItems> {
    if (!this.model) throw new Error("ScorePool: setModel first");
    if (this.processes <= 1 || items.length < 2 * this.processes) return scoreItems(this.model, items);
    const k = this.children.length;
    const size = Math.ceil(items.length / k);
    const parts = await Promise.all(this.children.map((c, j) => new Promise<ScoredItems>((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject });
      c.send({ kind: "score", id, items: items.slice(j * size, (j + 1) * size) });
    })));
    const out: ScoredItems = { z: new Float64Array(items.length), q: new Float64Array(items.length), sigma: new Float64Array(items.length) };
    parts.forEach((p, j) => { out.z.set(p.z, j * size); out.q.set(p.q, j * size); out.sigma.set(p.sigma, j * size); });
    return out;
  }

  close(): void {
    for (const c of this.children) if (c.connected) c.disconnect();
    this.children.length = 0;
  }
}
