"use client";

import { useQuery } from "@tanstack/react-query";
import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { historyQuery } from "@/lib/client/queries/thresholds";

/** False positives and negatives left in the decisions at τ, per model version, with their 95% bands. */
export function EstimateHistory({ projectId }: { projectId: string }) {
  const q = useQuery(historyQuery(projectId));
  const rows = (q.data?.versions ?? []).filter((v) => v.estimate !== null);
  if (rows.length === 0) return null;
  const data = rows.map((v) => ({
    version: v.version,
    fp: v.estimate!.falsePositives.value,
    fpBand: [v.estimate!.falsePositives.low, v.estimate!.falsePositives.high],
    fn: v.estimate!.falseNegatives.value,
    fnBand: [v.estimate!.falseNegatives.low, v.estimate!.falseNegatives.high],
    tau: v.estimate!.tau,
    labels: v.estimate!.labeled,
  }));
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="estimate-history">
      <h2 className="text-lg font-medium">Errors per model version</h2>
      <p className="mt-1 text-sm text-slate-600" data-testid="history-summary">
        Audit estimate at the τ of the time, recorded at each retrain: {rows.length} {rows.length === 1 ? "version" : "versions"}.
      </p>
      <div className="h-56 w-full">
        <ResponsiveContainer>
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="version" type="number" domain={["dataMin", "dataMax"]} allowDecimals={false} tick={{ fontSize: 11 }} label={{ value: "model version", position: "insideBottomRight", offset: -4, fontSize: 11 }} />
            <YAxis tick={{ fontSize: 11 }} width={56} />
            <Tooltip formatter={(v) => (Array.isArray(v) ? v.map((x) => Number(x).toFixed(1)).join("–") : Number(v).toFixed(1))} labelFormatter={(v) => `version ${v}`} />
            <Legend wrapperStyle={{ fontSize: 11 }} />
            <Area dataKey="fpBand" name="false positives 95%" stroke="none" fill="#e11d48" fillOpacity={0.15} isAnimationActive={false} />
            <Line dataKey="fp" name="false positives" stroke="#e11d48" isAnimationActive={false} />
            <Area dataKey="fnBand" name="false negatives 95%" stroke="none" fill="#10b981" fillOpacity={0.15} isAnimationActive={false} />
            <Line dataKey="fn" name="false negatives" stroke="#059669" isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
