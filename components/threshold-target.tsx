"use client";

import { useState } from "react";
import { findTarget, type ThresholdTarget } from "@/lib/sampling/thresholds/grid";
import type { ThresholdPoint } from "@/lib/shared/types";

/**
 * Target mode: "precision ≥ P" or "false positives ≤ K" → the smallest τ′ among the curve's points whose 95% bound
 * meets it (then the desk moves τ′ there), or a statement that the labels so far cannot show it.
 */
export function ThresholdTargetForm({ points, onFound, fetchPoint }: {
  points: ThresholdPoint[];
  onFound: (tau: number) => void;
  /** The exact point at a τ′ (the server's), to check the bound at the rounded τ′ that would be saved. */
  fetchPoint: (tau: number) => Promise<ThresholdPoint>;
}) {
  const [kind, setKind] = useState<ThresholdTarget["kind"]>("precision");
  const [value, setValue] = useState("0.9");
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const find = async () => {
    const v = Number(value);
    if (value.trim() === "" || !Number.isFinite(v) || v < 0 || (kind === "precision" && v > 1)) {
      setResult({ ok: false, text: kind === "precision" ? "Enter a precision between 0 and 1." : "Enter a number of false positives ≥ 0." });
      return;
    }
    const target: ThresholdTarget = kind === "precision" ? { kind, atLeast: v } : { kind, atMost: v };
    const hit = findTarget(points, target);
    if (!hit) {
      const range = `${points[0]?.tau.toFixed(4)}–${points[points.length - 1]?.tau.toFixed(4)}`;
      setResult({
        ok: false,
        text: kind === "precision"
          ? `The labels so far cannot show precision ≥ ${v} at any τ′ in ${range} (95% lower bound); more audit labels narrow the intervals.`
          : `The labels so far cannot show at most ${v} false positives at any τ′ in ${range} (95% upper bound); more audit labels narrow the intervals.`,
      });
      return;
    }
    // A saved τ has 4 decimals: round the grid point up (fewer positives, so no more false positives) and report the
    // bound the server computes exactly there.
    const tau = Math.min(points[points.length - 1]!.tau, Math.ceil(hit.tau * 10_000) / 10_000);
    let p: ThresholdPoint;
    try {
      p = await fetchPoint(tau);
    } catch (e) {
      setResult({ ok: false, text: (e as Error).message });
      return;
    }
    onFound(tau);
    const shows = kind === "precision" ? p.precision.value !== null && p.precision.low >= v : p.falsePositives.value !== null && p.falsePositives.high <= v;
    const bound = kind === "precision" ? (p.precision.value === null ? "no estimate" : `precision ≥ ${p.precision.low.toFixed(3)}`) : (p.falsePositives.value === null ? "no estimate" : `false positives ≤ ${p.falsePositives.high.toFixed(1)}`);
    setResult({ ok: shows, text: `Smallest τ′ that shows it: ${tau} — with 95% confidence ${bound}.${shows ? "" : " (The grid point it was found at, " + hit.tau.toFixed(6) + ", shows it; the rounded τ′ does not.)"}` });
  };
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      aria-label="Target mode"
      onSubmit={(e) => {
        e.preventDefault();
        void find();
      }}
    >
      <label className="text-sm">
        Target
        <select className="input" value={kind} onChange={(e) => { setKind(e.target.value as ThresholdTarget["kind"]); setResult(null); }}>
          <option value="precision">precision ≥</option>
          <option value="falsePositives">false positives ≤</option>
        </select>
      </label>
      <label className="text-sm">
        Value
        <input className="input w-28" inputMode="decimal" value={value} onChange={(e) => { setValue(e.target.value); setResult(null); }} aria-label="Target value" />
      </label>
      <button className="btn">Find τ′</button>
      {result && (
        <p role="status" data-testid="desk-target-result" className={`basis-full text-sm ${result.ok ? "text-emerald-800" : "text-amber-800"}`}>
          {result.text}
        </p>
      )}
    </form>
  );
}
