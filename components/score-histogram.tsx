"use client";

import { Bar, BarChart, CartesianGrid, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { StatsView } from "@/lib/shared/types";

/** Items by calibrated probability q, split by the decision at τ (square-root axis keeps sparse bins near τ visible). */
export function ScoreHistogram({ histogram, threshold, positive, negative }: {
  histogram: StatsView["histogram"];
  threshold: number;
  positive: string;
  negative: string;
}) {
  const data = histogram.map((h) => ({
    bin: `${h.lo.toFixed(2)}`,
    mid: (h.lo + h.hi) / 2,
    [positive]: h.positiveDecisions,
    [negative]: h.count - h.positiveDecisions,
  }));
  const tauBin = Math.min(histogram.length - 1, Math.floor(threshold * histogram.length));
  return (
    <div className="h-56 w-full">
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 24, right: 8, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="bin" tick={{ fontSize: 11 }} label={{ value: "q = P(" + positive + ")", position: "insideBottom", offset: -4, fontSize: 11 }} />
          <YAxis tick={{ fontSize: 11 }} width={56} scale="sqrt" />
          <Tooltip />
          <Bar dataKey={negative} stackId="d" fill="#10b981" isAnimationActive={false} />
          <Bar dataKey={positive} stackId="d" fill="#e11d48" isAnimationActive={false} />
          <ReferenceLine x={data[tauBin]?.bin} stroke="#0f172a" strokeDasharray="4 2" label={{ value: `τ = ${threshold}`, fontSize: 11, position: "top" }} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
