"use client";

import { Area, Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { memo } from "react";
import type { MaybeInterval, ThresholdPoint } from "@/lib/shared/types";

const band = (v: MaybeInterval): [number, number] | null => (v.value === null ? null : [v.low, v.high]);
const val = (v: MaybeInterval): number | null => v.value;
const tick = (v: number) => v.toFixed(v < 0.01 || v > 0.99 ? 3 : 2);

/**
 * The pool by q between consecutive candidate thresholds (items in [t_k, t_{k+1}) = positives at t_k − at t_{k+1}),
 * coloured by the decision at τ′; the saved τ and τ′ marked.
 */
export const DeskHistogram = memo(function DeskHistogram({ points, tau, saved, positive, negative }: { points: ThresholdPoint[]; tau: number; saved: number; positive: string; negative: string }) {
  const data = points.slice(0, -1).map((p, k) => {
    const next = points[k + 1]!;
    const n = p.positive - next.positive;
    const mid = (p.tau + next.tau) / 2;
    return { mid, [negative]: p.tau < tau ? n : 0, [positive]: p.tau >= tau ? n : 0 };
  });
  return (
    <div className="h-48 w-full" data-testid="desk-histogram">
      <ResponsiveContainer>
        <ComposedChart data={data} margin={{ top: 16, right: 8, bottom: 0, left: 8 }} barCategoryGap={0}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="mid" type="number" domain={[points[0]?.tau ?? 0, points[points.length - 1]?.tau ?? 1]} tickFormatter={tick} tick={{ fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={56} scale="sqrt" />
          <Tooltip labelFormatter={(v) => `q ≈ ${Number(v).toFixed(4)}`} />
          <Bar dataKey={negative} stackId="d" fill="#10b981" isAnimationActive={false} />
          <Bar dataKey={positive} stackId="d" fill="#e11d48" isAnimationActive={false} />
          <ReferenceLine x={saved} stroke="#64748b" strokeDasharray="4 2" label={{ value: "saved τ", fontSize: 10, position: "top" }} />
          <ReferenceLine x={tau} stroke="#0f172a" strokeWidth={2} label={{ value: "τ′", fontSize: 11, position: "insideTopRight" }} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
});

/** Estimated precision and recall (or cost per 1000) against τ′ with their 95% bands; saved τ and τ′ marked. */
export const DeskCurve = memo(function DeskCurve({ points, tau, saved, kind }: { points: ThresholdPoint[]; tau: number; saved: number; kind: "rates" | "cost" }) {
  const data = points.map((p) => ({
    tau: p.tau,
    precision: val(p.precision),
    precisionBand: band(p.precision),
    recall: val(p.recall),
    recallBand: band(p.recall),
    cost: val(p.costPer1000),
    costBand: band(p.costPer1000),
  }));
  return (
    <div className="h-56 w-full" data-testid={`desk-curve-${kind}`}>
      <ResponsiveContainer>
        <ComposedChart data={data} margin={{ top: 16, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="tau" type="number" domain={["dataMin", "dataMax"]} tickFormatter={tick} tick={{ fontSize: 11 }} label={{ value: "τ′", position: "insideBottomRight", offset: -2, fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={56} domain={kind === "rates" ? [0, 1] : [0, "auto"]} />
          <Tooltip labelFormatter={(v) => `τ′ = ${Number(v).toFixed(4)}`} formatter={(v) => (Array.isArray(v) ? v.map((x) => Number(x).toFixed(3)).join("–") : Number(v).toFixed(3))} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {kind === "rates" ? (
            <>
              <Area dataKey="precisionBand" name="precision 95%" stroke="none" fill="#0ea5e9" fillOpacity={0.18} isAnimationActive={false} connectNulls />
              <Line dataKey="precision" stroke="#0284c7" dot={false} isAnimationActive={false} connectNulls />
              <Area dataKey="recallBand" name="recall 95%" stroke="none" fill="#a855f7" fillOpacity={0.15} isAnimationActive={false} connectNulls />
              <Line dataKey="recall" stroke="#7e22ce" dot={false} isAnimationActive={false} connectNulls />
            </>
          ) : (
            <>
              <Area dataKey="costBand" name="cost 95%" stroke="none" fill="#f59e0b" fillOpacity={0.2} isAnimationActive={false} connectNulls />
              <Line dataKey="cost" name="cost per 1000" stroke="#b45309" dot={false} isAnimationActive={false} connectNulls />
            </>
          )}
          <ReferenceLine x={saved} stroke="#64748b" strokeDasharray="4 2" label={{ value: "saved τ", fontSize: 10, position: "top" }} />
          <ReferenceLine x={tau} stroke="#0f172a" strokeWidth={2} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
});
