"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useDeferredValue, useEffect, useRef, useState } from "react";
import { useUpdateProject } from "@/lib/client/queries/projects";
import { fetchThresholdPoint, thresholdCurveQuery, thresholdKeys } from "@/lib/client/queries/thresholds";
import { interpolatePoint } from "@/lib/sampling/thresholds/grid";
import type { MaybeInterval, ThresholdPoint } from "@/lib/shared/types";
import { DeskCurve, DeskHistogram } from "./threshold-charts";
import { ThresholdTargetForm } from "./threshold-target";

const round = (v: number) => Math.round(v * 10_000) / 10_000;
const num = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString() : v === 0 ? "0" : v.toFixed(Math.abs(v) >= 1 ? 1 : 2));

function Interval({ v, percent }: { v: MaybeInterval; percent?: boolean }) {
  if (v.value === null) return <span className="text-slate-400">{v.reason === "no-labels" ? "no estimate yet" : "—"}</span>;
  const f = (x: number) => (percent ? `${(x * 100).toFixed(1)}%` : num(x));
  return (
    <>
      <span className="font-semibold tabular-nums">{f(v.value)}</span> <span className="text-xs text-slate-500 tabular-nums">({f(v.low)}–{f(v.high)})</span>
    </>
  );
}

const ROWS: { key: keyof ThresholdPoint; label: string; percent?: boolean }[] = [
  { key: "falsePositives", label: "False positives" },
  { key: "falseNegatives", label: "False negatives" },
  { key: "precision", label: "Precision", percent: true },
  { key: "recall", label: "Recall", percent: true },
  { key: "errorRate", label: "Error rate", percent: true },
  { key: "costPer1000", label: "Cost per 1000 items" },
];

/**
 * The threshold desk: the pool by q with τ′ as a handle (slider or typed), live flips and estimates at τ′
 * (interpolated between the curve's points, fetched once), precision/recall and cost curves with 95% bands,
 * target mode, and "Save τ" with a confirmation of the exact number of decisions that change.
 */
export function ThresholdDesk({ projectId, saved, positive, negative }: { projectId: string; saved: number; positive: string; negative: string }) {
  const qc = useQueryClient();
  const curve = useQuery(thresholdCurveQuery(projectId));
  const update = useUpdateProject(projectId);
  const [tau, setTau] = useState(saved);
  // The numbers follow τ′ at once; the three charts re-render at a lower priority (React drops stale renders), so a
  // drag stays smooth however long recharts takes to draw.
  const chartTau = useDeferredValue(tau);
  const [typed, setTyped] = useState(String(saved));
  const [confirm, setConfirm] = useState<ThresholdPoint | null>(null);
  const [checking, setChecking] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirm) confirmButton.current?.focus();
  }, [confirm]);

  if (curve.error) return <p role="alert" className="text-sm text-red-700">{curve.error.message}</p>;
  if (!curve.data) return <p className="text-sm text-slate-500">Loading the threshold curve…</p>;
  const { points, from, to, labels } = curve.data;
  if (curve.data.poolSize === 0) return <p className="text-sm text-slate-500">Import items to choose a threshold.</p>;
  const lo = points[0]!.tau;
  const hi = points[points.length - 1]!.tau;
  const at = interpolatePoint(points, tau)!;
  const now = points.find((p) => p.tau === saved) ?? interpolatePoint(points, saved)!;
  // The slider's own value is kept as is (rewriting it mid-drag would fight the browser); what is shown and saved
  // is rounded to 4 decimals.
  const move = (v: number, exact = false) => {
    const t = Math.min(hi, Math.max(lo, v));
    setTau(exact ? t : round(t));
    setTyped(String(round(t)));
    setConfirm(null);
    setMessage(null);
  };
  const askSave = async () => {
    setChecking(true);
    setMessage(null);
    try {
      setConfirm(await fetchThresholdPoint(projectId, round(tau)));
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setChecking(false);
    }
  };
  const save = (p: ThresholdPoint) =>
    update.mutate(
      { threshold: p.tau },
      {
        onSuccess: () => {
          setConfirm(null);
          setMessage({ ok: true, text: `Saved τ = ${p.tau}; ${(p.flips.toPositive + p.flips.toNegative).toLocaleString()} decisions changed.` });
          void qc.invalidateQueries({ queryKey: thresholdKeys.all(projectId) });
          void qc.invalidateQueries({ queryKey: ["projects", projectId, "stats"] });
        },
        onError: (e) => setMessage({ ok: false, text: e.message }),
      },
    );
  const flips = at.flips.toPositive + at.flips.toNegative;
  const shown = round(tau);
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="threshold-desk" aria-labelledby="desk-title">
      <h2 id="desk-title" className="text-lg font-medium">Threshold desk</h2>
      <p className="mt-1 text-sm text-slate-600">
        Move τ′ to see which decisions would change and what the audit labels say about the errors there. Saved τ = {saved}.
      </p>
      <DeskHistogram points={points} tau={chartTau} saved={saved} positive={positive} negative={negative} />
      <div className="mt-2 flex flex-wrap items-center gap-4">
        <input
          type="range"
          className="min-w-64 flex-1 accent-slate-900"
          min={lo}
          max={hi}
          step={(hi - lo) / 1000 || 0.0001}
          value={tau}
          onChange={(e) => move(Number(e.target.value), true)}
          aria-label="Candidate threshold τ′"
          aria-valuetext={`τ′ = ${round(tau)}`}
          data-testid="desk-slider"
        />
        <label className="text-sm">
          τ′
          <input
            className="input w-28"
            inputMode="decimal"
            value={typed}
            aria-label="Candidate threshold τ′ (typed)"
            onChange={(e) => setTyped(e.target.value)}
            onBlur={() => (Number.isFinite(Number(typed)) && typed.trim() !== "" ? move(Number(typed)) : setTyped(String(tau)))}
            onKeyDown={(e) => e.key === "Enter" && Number.isFinite(Number(typed)) && typed.trim() !== "" && move(Number(typed))}
          />
        </label>
      </div>
      <p className="mt-3 text-sm" role="status" aria-live="polite" data-testid="desk-flips">
        At τ′ = {shown}: <b>{flips.toLocaleString()}</b> decisions would change ({at.flips.toPositive.toLocaleString()} {negative} → {positive},{" "}
        {at.flips.toNegative.toLocaleString()} {positive} → {negative}); {at.positive.toLocaleString()} {positive}, {at.negative.toLocaleString()} {negative}.
      </p>
      <table className="mt-3 w-full text-left text-sm">
        <thead className="text-xs text-slate-500">
          <tr><th className="py-1 font-normal">Estimate (95% interval)</th><th className="font-normal">saved τ = {saved}</th><th className="font-normal">τ′ = {shown}</th></tr>
        </thead>
        <tbody>
          {ROWS.map((r) => (
            <tr key={r.key} className="border-t border-slate-100">
              <td className="py-1">{r.label}</td>
              <td><Interval v={now[r.key] as MaybeInterval} percent={r.percent} /></td>
              <td data-testid={`desk-${r.key}`}><Interval v={at[r.key] as MaybeInterval} percent={r.percent} /></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-1 text-xs text-slate-500">
        From {labels.toLocaleString()} audit labels with known inclusion probabilities; grid {from.toFixed(4)}–{to.toFixed(4)}, interpolated between its
        points while you move τ′. Cost weighs errors by the saved τ (c<sub>FP</sub> = τ, c<sub>FN</sub> = 1 − τ).
      </p>
      <div className="mt-4 flex flex-wrap items-center gap-3">
        <button className="btn-primary" onClick={() => void askSave()} disabled={checking || update.isPending || shown === saved}>
          {checking ? "Counting…" : `Save τ = ${shown}`}
        </button>
        {message && <span role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-emerald-700" : "text-red-700"}`}>{message.text}</span>}
      </div>
      {confirm && (
        <div role="alertdialog" aria-labelledby="desk-confirm" className="mt-3 rounded-md border border-amber-300 bg-amber-50 p-4" data-testid="desk-confirm"
          onKeyDown={(e) => e.key === "Escape" && setConfirm(null)}>
          <p id="desk-confirm" className="text-sm">
            Save τ = <b>{confirm.tau}</b>? <b>{(confirm.flips.toPositive + confirm.flips.toNegative).toLocaleString()}</b> decisions change:{" "}
            {confirm.flips.toPositive.toLocaleString()} {negative} → {positive}, {confirm.flips.toNegative.toLocaleString()} {positive} → {negative}.
          </p>
          <div className="mt-3 flex gap-2">
            <button ref={confirmButton} className="btn-primary" onClick={() => save(confirm)} disabled={update.isPending}>
              {update.isPending ? "Saving…" : "Confirm"}
            </button>
            <button className="btn" onClick={() => setConfirm(null)}>Cancel</button>
          </div>
        </div>
      )}
      <div className="mt-6 grid gap-4 lg:grid-cols-2">
        <div>
          <h3 className="text-sm font-medium">Precision and recall against τ′</h3>
          <DeskCurve points={points} tau={chartTau} saved={saved} kind="rates" />
        </div>
        <div>
          <h3 className="text-sm font-medium">Cost per 1000 items against τ′</h3>
          <DeskCurve points={points} tau={chartTau} saved={saved} kind="cost" />
        </div>
      </div>
      <div className="mt-4">
        <ThresholdTargetForm points={points} onFound={move} fetchPoint={(t) => fetchThresholdPoint(projectId, t)} />
      </div>
    </section>
  );
}
