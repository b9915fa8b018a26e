/**
 * Closed-loop load with autocannon: every connection is one labeler (its own bearer token, so leases are per
 * user) and carries its own little state machine, so one run can lease, label and refill like a real client.
 * Latency is recorded per request kind from autocannon's own per-response timings.
 */
import autocannon from "autocannon";
import { mulberry32 } from "./api-corpus";
import type { Labeler } from "./api-setup";

/** What a phase's connections send. */
export type Mode =
  /** The labeling loop at a human pace: next, think, label, think (see runPaced). */
  | "paced"
  /** Unauthenticated GET /api/v1/me → 401: the cost of a Next.js route with no work, the baseline. */
  | "floor"
  /** POST next {count: 1} again and again (the caller's own unexpired lease comes back first). */
  | "next"
  /** POST labels for leased items; when a labeler runs out, one POST next {count: 20} refills its batch. */
  | "labels"
  /** The labeling loop: POST next {count: 1}, then POST labels for that item. */
  | "mixed";

export type Kind = "floor" | "next" | "refill" | "label";

/** Every lease a labeler was handed, and when it labeled the item, to look for items held by two at once. */
export class LeaseLedger {
  private items = new Map<number, Map<number, { from: number; until: number; labeledAt?: number }>>();
  labelsAcked = 0;

  served(labeler: number, itemId: number, at: number, expiresAt: number): void {
    let byLabeler = this.items.get(itemId);
    if (!byLabeler) this.items.set(itemId, (byLabeler = new Map()));
    const e = byLabeler.get(labeler);
    if (e) e.until = Math.max(e.until, expiresAt);
    else byLabeler.set(labeler, { from: at, until: expiresAt });
  }

  labeled(labeler: number, itemId: number, at: number): void {
    this.labelsAcked++;
    const e = this.items.get(itemId)?.get(labeler);
    if (e && e.labeledAt === undefined) e.labeledAt = at;
  }

  /**
   * `sharedItems`: items handed to more than one labeler at any time; `overlapping`: items two labelers held
   * at once (a lease runs from receipt to its expiry or to the holder's own label, whichever is first).
   */
  analyse(): { itemsServed: number; sharedItems: number; overlapping: number; examples: number[] } {
    let sharedItems = 0;
    let overlapping = 0;
    const examples: number[] = [];
    for (const [itemId, byLabeler] of this.items) {
      if (byLabeler.size < 2) continue;
      sharedItems++;
      const spans = [...byLabeler.values()].map((e) => [e.from, Math.min(e.until, e.labeledAt ?? Infinity)] as const);
      const clash = spans.some(([a0, a1], i) => spans.some(([b0, b1], j) => j > i && a0 < b1 && b0 < a1));
      if (clash) {
        overlapping++;
        if (examples.length < 10) examples.push(itemId);
      }
    }
    return { itemsServed: this.items.size, sharedItems, overlapping, examples };
  }
}

export interface LatencyStats {
  count: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
  statuses: Record<string, number>;
}

export interface PhaseResult {
  mode: Mode;
  seconds: number;
  connections: number;
  totalRps: number;
  errors: number;
  timeouts: number;
  kinds: Partial<Record<Kind, LatencyStats>>;
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function stats(lat: number[], statuses: Map<number, number>, seconds: number): LatencyStats {
  const s = [...lat].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    count: s.length,
    rps: round2(s.length / seconds),
    p50: round2(quantile(s, 0.5)),
    p90: round2(quantile(s, 0.9)),
    p99: round2(quantile(s, 0.99)),
    max: round2(s[s.length - 1] ?? NaN),
    mean: round2(sum / Math.max(1, s.length)),
    statuses: Object.fromEntries([...statuses].map(([k, v]) => [String(k), v])),
  };
}

const nextItemsShape = (body: string): { itemId: number; leaseExpiresAt: string }[] => {
  const parsed = JSON.parse(body) as { items?: { itemId: number; leaseExpiresAt: string }[] };
  return parsed.items ?? [];
};

/** Runs one closed-loop phase for `seconds` with one connection per labeler. */
export async function runPhase(opts: {
  base: string;
  projectId: string;
  labelers: Labeler[];
  mode: Mode;
  seconds: number;
  ledger: LeaseLedger;
  seed: number;
}): Promise<PhaseResult> {
  const { base, projectId, labelers, mode, ledger } = opts;
  const lat = new Map<Kind, number[]>();
  const statuses = new Map<Kind, Map<number, number>>();
  const note = (kind: Kind, status: number) => {
    const m = statuses.get(kind) ?? new Map<number, number>();
    m.set(status, (m.get(status) ?? 0) + 1);
    statuses.set(kind, m);
  };
  let clientIndex = 0;

  const instance = autocannon({
    url: base,
    connections: labelers.length,
    duration: opts.seconds,
    pipelining: 1,
    timeout: 30,
    setupClient: (client) => {
      const labeler = labelers[clientIndex++ % labelers.length]!;
      const rng = mulberry32(opts.seed * 1000 + labeler.index);
      const queue: number[] = [];
      let pending: { kind: Kind; itemId?: number } = { kind: "floor" };
      let lastKind: Kind = "floor";
      let seq = 0;
      const auth = { authorization: `Bearer ${labeler.token}`, "content-type": "application/json" };
      const project = `/api/v1/projects/${projectId}`;
      const request: autocannon.Request = {
        method: "POST",
        path: `${project}/next`,
        setupRequest: (req) => {
          if (mode === "floor") {
            pending = { kind: "floor" };
            return { ...req, method: "GET", path: "/api/v1/me", headers: {}, body: undefined };
          }
          const itemId = mode === "next" ? undefined : queue.shift();
          if (itemId === undefined) {
            const count = mode === "labels" ? 20 : 1;
            pending = { kind: mode === "labels" ? "refill" : "next" };
            return { ...req, method: "POST", path: `${project}/next`, headers: { ...auth }, body: JSON.stringify({ count }) };
          }
          pending = { kind: "label", itemId };
          const body = { itemId, value: rng() < 0.5 ? "pos" : "neg", requestId: `bench-${opts.seed}-${labeler.index}-${seq++}` };
          return { ...req, method: "POST", path: `${project}/labels`, headers: { ...auth }, body: JSON.stringify(body) };
        },
        onResponse: (status, body) => {
          const p = pending;
          lastKind = p.kind;
          note(p.kind, status);
          const now = Date.now();
          if ((p.kind === "next" || p.kind === "refill") && status === 200) {
            for (const it of nextItemsShape(body)) {
              ledger.served(labeler.index, it.itemId, now, Date.parse(it.leaseExpiresAt));
              if (mode !== "next") queue.push(it.itemId);
            }
          } else if (p.kind === "label" && status === 201 && p.itemId !== undefined) {
            ledger.labeled(labeler.index, p.itemId, now);
          }
        },
      };
      client.on("response", (_status: number, _bytes: number, ms: number) => {
        const a = lat.get(lastKind) ?? [];
        a.push(ms);
        lat.set(lastKind, a);
      });
      client.setRequests([request]);
    },
  });
  const result = await instance;
  const seconds = result.duration;
  const kinds: PhaseResult["kinds"] = {};
  for (const [k, a] of lat) kinds[k] = stats(a, statuses.get(k) ?? new Map(), seconds);
  return {
    mode,
    seconds,
    connections: labelers.length,
    totalRps: round2(result.requests.total / seconds),
    errors: result.errors,
    timeouts: result.timeouts,
    kinds,
  };
}

/**
 * Open-loop-ish labeling at a human pace: each labeler runs next {count: 1} → pause → labels → pause, pauses
 * exponential with mean `thinkMs` and independent per labeler (autocannon's per-connection rate fires every
 * connection at the same instant each second, a burst no team of people produces). Measures latency without
 * the queueing a closed loop builds on purpose.
 */
export async function runPaced(opts: {
  base: string;
  projectId: string;
  labelers: Labeler[];
  seconds: number;
  thinkMs: number;
  ledger: LeaseLedger;
  seed: number;
}): Promise<PhaseResult> {
  const { base, projectId, labelers, ledger } = opts;
  const lat: Record<"next" | "label", number[]> = { next: [], label: [] };
  const statuses = { next: new Map<number, number>(), label: new Map<number, number>() };
  const t0 = performance.now();
  const end = t0 + opts.seconds * 1000;
  let errors = 0;
  const call = async (kind: "next" | "label", token: string, path: string, body: unknown) => {
    const s = performance.now();
    const r = await fetch(`${base}/api/v1/projects/${projectId}/${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await r.text();
    lat[kind].push(performance.now() - s);
    statuses[kind].set(r.status, (statuses[kind].get(r.status) ?? 0) + 1);
    return { status: r.status, text };
  };
  await Promise.all(
    labelers.map(async (lab) => {
      const rng = mulberry32(opts.seed * 1000 + lab.index);
      const pause = () => new Promise((r) => setTimeout(r, -Math.log(1 - rng()) * opts.thinkMs));
      await pause();
      let seq = 0;
      while (performance.now() < end) {
        try {
          const n = await call("next", lab.token, "next", { count: 1 });
          const items = n.status === 200 ? nextItemsShape(n.text) : [];
          for (const it of items) ledger.served(lab.index, it.itemId, Date.now(), Date.parse(it.leaseExpiresAt));
          await pause();
          const item = items[0];
          if (!item || performance.now() >= end) continue;
          const body = { itemId: item.itemId, value: rng() < 0.5 ? "pos" : "neg", requestId: `paced-${opts.seed}-${lab.index}-${seq++}` };
          const l = await call("label", lab.token, "labels", body);
          if (l.status === 201) ledger.labeled(lab.index, item.itemId, Date.now());
          await pause();
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const kinds: PhaseResult["kinds"] = { next: stats(lat.next, statuses.next, seconds), label: stats(lat.label, statuses.label, seconds) };
  return {
    mode: "paced",
    seconds: round2(seconds),
    connections: labelers.length,
    totalRps: round2((lat.next.length + lat.label.length) / seconds),
    errors,
    timeouts: 0,
    kinds,
  };
}
