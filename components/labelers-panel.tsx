"use client";

import { useQuery } from "@tanstack/react-query";
import { labelersQuery } from "@/lib/client/queries/labelers";

const k = (v: number | null) => (v === null ? "—" : v.toFixed(2));

/** Labels, skips and pace per labeler; agreement on items labeled twice or more (Cohen's κ per pair, Krippendorff's α). */
export function LabelersPanel({ projectId }: { projectId: string }) {
  const q = useQuery(labelersQuery(projectId));
  const v = q.data;
  if (q.error) return <p role="alert" className="text-sm text-red-700">{q.error.message}</p>;
  if (!v || v.labelers.length === 0) return null;
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm" data-testid="labelers">
      <h2 className="text-lg font-medium">Labelers</h2>
      <table className="mt-3 w-full text-left text-sm">
        <thead className="text-slate-500">
          <tr><th>Labeler</th><th>Labels</th><th>Skips</th><th>Last hour</th><th>Per hour</th></tr>
        </thead>
        <tbody>
          {v.labelers.map((l) => (
            <tr key={l.userId} className="border-t border-slate-100 tabular-nums">
              <td className="py-1">{l.email}</td><td>{l.labels.toLocaleString()}</td><td>{l.skips.toLocaleString()}</td><td>{l.lastHour}</td><td>{l.perHour ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3 className="mt-5 text-sm font-medium">Agreement</h3>
      <p className="mt-1 text-sm" data-testid="alpha">
        {v.alpha.items === 0
          ? "No item has two labels yet (set Labels per item ≥ 2 to measure agreement)."
          : <>Krippendorff’s α (nominal) = <b className="tabular-nums">{k(v.alpha.value)}</b> over {v.alpha.items.toLocaleString()} items with ≥ 2 labels.</>}
      </p>
      {v.pairs.length > 0 && (
        <table className="mt-2 w-full text-left text-sm">
          <thead className="text-slate-500">
            <tr><th>Pair</th><th>Shared items</th><th>Agreement</th><th>Cohen’s κ</th></tr>
          </thead>
          <tbody>
            {v.pairs.map((p) => (
              <tr key={`${p.a}|${p.b}`} className="border-t border-slate-100 tabular-nums">
                <td className="py-1">{p.a} · {p.b}</td><td>{p.items.toLocaleString()}</td><td>{(p.agreement * 100).toFixed(0)}%</td><td>{k(p.kappa)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
