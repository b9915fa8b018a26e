"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { CartesianGrid, ComposedChart, ErrorBar, Line, ResponsiveContainer, Scatter, Tooltip, XAxis, YAxis } from "recharts";
import { reliabilityQuery } from "@/lib/client/queries/thresholds";

/** Reliability diagram (binned q against the observed rate, 95% Wilson intervals) and ECE, per model version. */
export function ReliabilityPanel({ projectId }: { projectId: string }) {
  const q = useQuery(reliabilityQuery(projectId));
  const [pick, setPick] = useState(0);
  const versions = q.data?.versions ?? [];
  const v = versions[Math.min(pick, versions.length - 1)];
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="reliability">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-lg font-medium">Calibration</h2>
          <p className="mt-1 text-sm text-slate-600">Audit labels by q: a calibrated model’s points lie on the diagonal.</p>
        </div>
        {versions.length > 0 && (
          <label className="text-sm">
            Model
            <select className="input" value={pick} onChange={(e) => setPick(Number(e.target.value))}>
              {versions.map((x, i) => (
                <option key={`${x.source}-${x.version}`} value={i}>
                  {x.source === "current" ? `live (version ${x.version}), all audit labels` : `version ${x.version}, labels given while live`}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {q.error && <p role="alert" className="mt-2 text-sm text-red-700">{q.error.message}</p>}
      {v && v.labels > 0 ? (
        <>
          <p className="mt-2 text-sm" data-testid="ece">
            Expected calibration error <b className="tabular-nums">{v.ece === null ? "—" : v.ece.toFixed(3)}</b> from {v.labels.toLocaleString()} labels (weighted by 1/π).
          </p>
          <div className="h-64 w-full max-w-xl">
            <ResponsiveContainer>
              <ComposedChart margin={{ top: 8, right: 16, bottom: 16, left: 8 }}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="meanQ" type="number" domain={[0, 1]} tick={{ fontSize: 11 }} label={{ value: "mean q in bin", position: "insideBottom", offset: -8, fontSize: 11 }} />
                <YAxis dataKey="rate" type="number" domain={[0, 1]} tick={{ fontSize: 11 }} width={40} />
                <Tooltip formatter={(x) => Number(x).toFixed(3)} />
                <Line data={[{ meanQ: 0, rate: 0 }, { meanQ: 1, rate: 1 }]} dataKey="rate" stroke="#94a3b8" strokeDasharray="4 2" dot={false} isAnimationActive={false} legendType="none" />
                <Scatter data={v.bins.map((b) => ({ meanQ: b.meanQ, rate: b.rate, err: [b.rate - b.low, b.high - b.rate], labels: b.labels }))} dataKey="rate" fill="#0284c7" isAnimationActive={false}>
                  <ErrorBar dataKey="err" direction="y" stroke="#0284c7" width={4} />
                </Scatter>
              </ComposedChart>
            </ResponsiveContainer>
          </div>
        </>
      ) : (
        <p className="mt-2 text-sm text-slate-500">No audit labels yet.</p>
      )}
    </section>
  );
}
